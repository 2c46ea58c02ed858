-- Issue 14: the configuration every inbound message reads (entry points, business hours, special days, emergencies, queues,
-- webhook endpoints) is kept in memory by each node and read again only when this stamp moves. The triggers move it in
-- the same transaction as any write to those tables, whatever wrote it (an admin, the seeder, a migration), so the next
-- message on every node sees the change.
CREATE TABLE config_version (
    id      INTEGER PRIMARY KEY,
    version BIGINT  NOT NULL DEFAULT 0
);
INSERT INTO config_version (id, version) VALUES (1, 0);

CREATE TRIGGER config_version_entry_points_insert AFTER INSERT ON entry_points BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_entry_points_update AFTER UPDATE ON entry_points BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_entry_points_delete AFTER DELETE ON entry_points BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_business_hours_insert AFTER INSERT ON business_hours BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_business_hours_update AFTER UPDATE ON business_hours BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_business_hours_delete AFTER DELETE ON business_hours BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_special_days_insert AFTER INSERT ON special_days BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_special_days_update AFTER UPDATE ON special_days BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_special_days_delete AFTER DELETE ON special_days BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_emergencies_insert AFTER INSERT ON emergencies BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_emergencies_update AFTER UPDATE ON emergencies BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_emergencies_delete AFTER DELETE ON emergencies BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_queues_insert AFTER INSERT ON queues BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_queues_update AFTER UPDATE ON queues BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_queues_delete AFTER DELETE ON queues BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_webhook_endpoints_insert AFTER INSERT ON webhook_endpoints BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_webhook_endpoints_update AFTER UPDATE ON webhook_endpoints BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER config_version_webhook_endpoints_delete AFTER DELETE ON webhook_endpoints BEGIN UPDATE config_version SET version = version + 1; END;
