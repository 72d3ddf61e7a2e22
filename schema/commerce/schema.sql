-- Keyspace commerce (unsharded): the product catalogue, the two Vitess sequences that
-- number customers and orders of keyspace customer, and the lookup table of the
-- consistent_lookup_unique vindex customer.corder_order_number. After Vitess examples/local
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

-- Lookup table of vindex customer.corder_order_number (consistent_lookup_unique): which
-- keyspace id (hash of the order's customer_id) owns each order number, so a query by order
-- number reaches only the owning shard. Written before the order row, deleted after it
-- (Vitess consistent lookup ordering); a row whose order is missing is an orphan that the
-- next insert of the same number takes over, and that a read by the number removes.
CREATE TABLE IF NOT EXISTS corder_order_number_lookup (
  order_number VARCHAR(32) NOT NULL COMMENT 'customer.corder.order_number',
  keyspace_id VARBINARY(10) NOT NULL COMMENT 'Keyspace id of the order row (hash of its customer_id)',
  PRIMARY KEY (order_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Lookup table of vindex customer.corder_order_number';
