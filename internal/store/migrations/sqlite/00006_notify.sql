-- +goose Up
-- in-app notifications of a region: a case arrived, a case fell overdue
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL,
    kind        TEXT NOT NULL,
    case_id     INTEGER,
    ref         TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX notifications_once ON notifications (kind, case_id, ref);
CREATE INDEX notifications_region ON notifications (region_code, id);

-- +goose Down
DROP TABLE notifications;
