-- Keyspace commerce (unsharded): the product catalogue, and the two Vitess sequences that
-- number customers and orders of keyspace customer. After Vitess examples/local
-- create_commerce_schema.sql and create_commerce_seq.sql, with realistic columns.
-- `shardgate up` runs this file on the keyspace's primary; it must stay re-runnable.

CREATE TABLE IF NOT EXISTS product (
  sku VARCHAR(128) NOT NULL COMMENT 'Stock keeping unit, e.g. SKU-1001',
  description VARCHAR(255) NOT NULL COMMENT 'What the product is, as shown to customers',
  price DECIMAL(10,2) NOT NULL COMMENT 'Unit price in US dollars',
  PRIMARY KEY (sku)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Products that customers can order';

-- Vitess sequence tables: one row (id 0); next_id is the next value handed out, cache how
-- many values a gateway reserves at a time. The comment marks them as sequences for Vitess.
CREATE TABLE IF NOT EXISTS customer_seq (
  id INT NOT NULL,
  next_id BIGINT NOT NULL,
  cache BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB COMMENT 'vitess_sequence';
INSERT IGNORE INTO customer_seq (id, next_id, cache) VALUES (0, 1, 100);

CREATE TABLE IF NOT EXISTS order_seq (
  id INT NOT NULL,
  next_id BIGINT NOT NULL,
  cache BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB COMMENT 'vitess_sequence';
INSERT IGNORE INTO order_seq (id, next_id, cache) VALUES (0, 1, 100);
