-- Search by any fragment of a name, email, handle or phone digits: a trigram index over customers.search_text serves
-- "search_text LIKE '%fragment%'" (SQLite does the same with its FTS5 trigram table customer_search).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX ix_customers_search ON customers USING gin (search_text gin_trgm_ops);

-- The last 9 digits of a phone: how a number saved with another country code still finds its candidates.
ALTER TABLE customer_identities ADD COLUMN tail TEXT;
UPDATE customer_identities SET tail = right(address, 9) WHERE kind = 'phone';
CREATE INDEX ix_customer_identities_tail ON customer_identities (tail) WHERE tail IS NOT NULL;
CREATE INDEX ix_customers_name ON customers (lower(name));
