-- +goose Up
-- The key check value of the master key (package keyguard): a keyed hash of
-- a constant under the key, so that a database opened with a wrong or missing
-- key is refused before anything is read or written. next_check is set while
-- `fangpin key rotate` re-encrypts the data under a new key.
CREATE TABLE key_check (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    check_value TEXT NOT NULL,
    next_check  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    rotated_at  TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE key_check;
