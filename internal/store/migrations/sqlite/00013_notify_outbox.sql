-- +goose Up
-- The notifications table is also the outbox of the text messages: a domain
-- action writes its notification in its own transaction, and the messages of
-- committed notifications are sent afterwards and stamped here, so that a
-- rolled-back action never texts anyone. What was already there was sent
-- when it was written.
ALTER TABLE notifications ADD COLUMN sent_at TEXT;
UPDATE notifications SET sent_at = created_at;
CREATE INDEX notifications_unsent ON notifications (id) WHERE sent_at IS NULL;

-- +goose Down
DROP INDEX notifications_unsent;
ALTER TABLE notifications DROP COLUMN sent_at;
