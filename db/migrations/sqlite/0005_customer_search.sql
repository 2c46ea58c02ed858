-- Search by any fragment of a name, email, handle or phone digits: trigram full-text over customers.search_text.
CREATE VIRTUAL TABLE customer_search USING fts5(search_text, content = 'customers', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO customer_search (rowid, search_text) SELECT id, search_text FROM customers;

CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customer_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customer_search (customer_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER customers_search_update AFTER UPDATE OF search_text ON customers BEGIN
    INSERT INTO customer_search (customer_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO customer_search (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- The last 9 digits of a phone: how a number saved with another country code still finds its candidates.
ALTER TABLE customer_identities ADD COLUMN tail TEXT;
UPDATE customer_identities SET tail = substr(address, -9) WHERE kind = 'phone';
CREATE INDEX ix_customer_identities_tail ON customer_identities (tail) WHERE tail IS NOT NULL;
CREATE INDEX ix_customers_name ON customers (name COLLATE NOCASE);
