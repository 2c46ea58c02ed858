-- Several nodes (issue 13). Names compare case-blind through lower(), the one spelling both databases index alike.
DROP INDEX ix_customers_name;
CREATE INDEX ix_customers_name ON customers (lower(name));

-- Data Protection's key ring, for PostgreSQL where every node must share it (SQLite keeps its keys in files beside the database).
CREATE TABLE data_protection_keys (
    name        TEXT    PRIMARY KEY,
    xml         TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
