-- +goose Up
-- A notification stops asking for action when its case moves on (settled_at:
-- a new case accepted or closed, an overdue step taken) and, for one user,
-- once that user marks it read (notification_reads). The feed shows a user
-- the notifications of the region that are neither.
ALTER TABLE notifications ADD COLUMN settled_at TEXT;
-- each step on a case settles its notifications: found by case
CREATE INDEX notifications_case ON notifications (case_id);
CREATE TABLE notification_reads (
    notification_id INTEGER NOT NULL REFERENCES notifications (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    read_at         TEXT NOT NULL,
    PRIMARY KEY (notification_id, user_id)
);
-- notifications already overtaken by their case: a new case no longer
-- waiting for acceptance, any notification of a decided case
UPDATE notifications SET settled_at = created_at
 WHERE (kind = 'case_new' AND case_id IN (SELECT id FROM cases WHERE state <> 'reported'))
    OR case_id IN (SELECT id FROM cases WHERE outcome <> '' OR state IN ('enrolled', 'closed', 'eliminated'));

-- +goose Down
DROP TABLE notification_reads;
DROP INDEX notifications_case;
ALTER TABLE notifications DROP COLUMN settled_at;
