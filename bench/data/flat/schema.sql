-- The demo data unsharded, for the peers of the benchmark (naive resolver, GraphQL Mesh):
-- the tables of schema/commerce and schema/customer in one database, with the foreign keys
-- a schema-generating peer needs to find the relationships (corder.customer_id → customer,
-- corder.sku → product). Columns, types and indexes as in schema/<keyspace>/schema.sql.

CREATE TABLE IF NOT EXISTS product (
  sku VARCHAR(128) NOT NULL,
  description VARCHAR(255) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (sku)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS customer (
  customer_id BIGINT NOT NULL,
  email VARCHAR(128) NOT NULL,
  name VARCHAR(128) NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (customer_id),
  KEY customer_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS corder (
  order_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  sku VARCHAR(128) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  status ENUM('pending', 'paid', 'shipped', 'delivered', 'cancelled') NOT NULL DEFAULT 'pending',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (order_id),
  KEY corder_customer_created (customer_id, created_at),
  KEY corder_sku (sku),
  CONSTRAINT corder_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id),
  CONSTRAINT corder_product FOREIGN KEY (sku) REFERENCES product (sku)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
