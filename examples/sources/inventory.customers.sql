-- Source table inventory.customers: the PostgreSQL table as Flink reads it through change data capture (postgres-cdc).
-- Types follow the Flink CDC mapping: BIGSERIAL -> BIGINT, VARCHAR/TEXT -> STRING, INTEGER -> INT, TIMESTAMP -> TIMESTAMP(6).
-- Credentials are placeholders, filled in from the environment where the job runs.
CREATE TABLE customers (
  id         BIGINT NOT NULL,
  fname      STRING,
  lname      STRING,
  email      STRING,
  street     STRING,
  zip        STRING,
  city       STRING,
  status     INT,           -- 1 = NEW, 2 = VIP, 3 = BLOCKED, any other code = STANDARD
  registered TIMESTAMP(6),
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'postgres-cdc',
  'hostname' = '${PG_HOST}',
  'port' = '5432',
  'username' = '${PG_USER}',
  'password' = '${PG_PASSWORD}',
  'database-name' = 'inventory',
  'schema-name' = 'inventory',
  'table-name' = 'customers',
  'slot.name' = 'customers_public',
  'decoding.plugin.name' = 'pgoutput'
);
