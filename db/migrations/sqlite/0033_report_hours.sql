-- The rollup's columnar copy: one row per (hour of arrival, queue, channel) holding that hour's settled conversations packed
-- (Crm.ServiceInterface/Reports/HourEntries.cs), written in the settling transaction beside report_conversations. A year is
-- about 100,000 rows, not a million, so the long windows read few rows and filter each entry by its exact arrival in C#.
CREATE TABLE report_hours (
    id       INTEGER PRIMARY KEY,
    hour     BIGINT  NOT NULL,
    queue_id INTEGER NOT NULL,
    channel  TEXT    NOT NULL,
    entries  BLOB    NOT NULL,
    UNIQUE (hour, queue_id, channel)
);
