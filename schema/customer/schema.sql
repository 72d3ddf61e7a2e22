-- Keyspace customer (sharded by hash(customer_id)): customers and their orders. Every shard
-- holds the same tables; a customer's orders live on the customer's shard, so the foreign key
-- from corder to customer holds inside each shard. After Vitess examples/local
-- create_customer_sharded.sql, with realistic columns. Ids come from the commerce sequences
-- (customer_seq, order_seq), so no column is AUTO_INCREMENT. Must stay re-runnable.

CREATE TABLE IF NOT EXISTS customer (
  customer_id BIGINT NOT NULL COMMENT 'From sequence commerce.customer_seq; the sharding key',
  email VARCHAR(128) NOT NULL COMMENT 'Contact address',
  name VARCHAR(128) NOT NULL COMMENT 'Full name',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'When the customer signed up',
  PRIMARY KEY (customer_id),
  KEY customer_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='People who order products';

CREATE TABLE IF NOT EXISTS corder (
  order_id BIGINT NOT NULL COMMENT 'From sequence commerce.order_seq',
  customer_id BIGINT NOT NULL COMMENT 'The customer who placed the order; routes the row to its shard',
  order_number VARCHAR(32) NOT NULL COMMENT 'Public order number, unique across all shards (consistent_lookup_unique vindex corder_order_number, lookup table commerce.corder_order_number_lookup)',
  sku VARCHAR(128) NOT NULL COMMENT 'The product ordered (commerce.product.sku)',
  price DECIMAL(10,2) NOT NULL COMMENT 'Price paid in US dollars',
  status ENUM('pending', 'paid', 'shipped', 'delivered', 'cancelled') NOT NULL DEFAULT 'pending' COMMENT 'Where the order is in its life',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'When the order was placed',
  PRIMARY KEY (order_id),
  UNIQUE KEY corder_order_number (order_number),
  KEY corder_customer_created (customer_id, created_at),
  KEY corder_sku (sku),
  CONSTRAINT corder_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Orders placed by customers';
