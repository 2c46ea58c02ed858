-- Settings admins change at run time (e.g. the closed case automatic re-opening time limit); value is JSON.
CREATE TABLE settings (
    key         TEXT    PRIMARY KEY,
    value       TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    updated_by  BIGINT REFERENCES users(id)
);
