-- +goose Up
-- calendar_days lists the dates that differ from the Monday–Friday rule:
-- public holidays (kind 'off') and make-up working days on a weekend
-- (kind 'workday', 调休上班). source is 'official' for rows seeded from the
-- State Council notices and 'admin' for rows an administrator set; seeding
-- never overwrites an admin row.
CREATE TABLE calendar_days (
    day        TEXT COLLATE "C" PRIMARY KEY, -- YYYY-MM-DD, China time
    kind       TEXT NOT NULL,                -- off | workday
    name       TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

-- calendar_years records which years have their holiday notice loaded; a
-- year without complete = 1 is reported as missing, never treated as
-- holiday-free.
CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    complete   INTEGER NOT NULL,
    source     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- settings holds small key/value settings (deadline limits and the like).
CREATE TABLE settings (
    key        TEXT COLLATE "C" PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE calendar_years;
DROP TABLE calendar_days;
