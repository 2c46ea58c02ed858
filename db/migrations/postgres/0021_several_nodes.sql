-- Several nodes (issue 13). ix_customers_name already reads lower(name) here (0005).

-- Data Protection's key ring: every node signs cookies and encrypts channel secrets with the same keys.
CREATE TABLE data_protection_keys (
    name        TEXT    PRIMARY KEY,
    xml         TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

-- Quartz's own tables (created by Quartz at start-up, clustered) live apart from the CRM's.
CREATE SCHEMA IF NOT EXISTS quartz;
