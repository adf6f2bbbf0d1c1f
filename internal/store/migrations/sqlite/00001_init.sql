-- +goose Up
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    parent_code TEXT,
    urban_rural TEXT
);
CREATE INDEX regions_parent ON regions (parent_code);
CREATE INDEX regions_name ON regions (name);

CREATE TABLE households (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    region_code      TEXT NOT NULL,
    type             TEXT NOT NULL,
    phone_enc        BLOB,
    phone_idx        TEXT,
    phone_masked     TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL DEFAULT '',
    identified_month INTEGER,
    eliminated       INTEGER NOT NULL DEFAULT 0,
    elimination_mode TEXT NOT NULL DEFAULT '',
    eliminated_month INTEGER,
    remarked_month   INTEGER,
    risk_types       TEXT NOT NULL DEFAULT '',
    members          INTEGER NOT NULL DEFAULT 0,
    members_chronic  INTEGER NOT NULL DEFAULT 0,
    members_major    INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
-- covering index: the overview figures scan it without touching the table
CREATE INDEX households_region ON households (region_code, type, members, members_chronic, members_major);
-- partial covering index: monitored households are few; the monitoring figures read only them
CREATE INDEX households_monitored ON households (region_code, identified_month, category, eliminated, eliminated_month, remarked_month, members) WHERE identified_month IS NOT NULL;

CREATE TABLE persons (
    id              INTEGER PRIMARY KEY,
    household_id    INTEGER NOT NULL REFERENCES households (id),
    region_code     TEXT NOT NULL,
    id_idx          TEXT NOT NULL,
    id_enc          BLOB NOT NULL,
    id_masked       TEXT NOT NULL,
    name            TEXT NOT NULL,
    sex             TEXT NOT NULL,
    birth_date      TEXT NOT NULL,
    relation        TEXT NOT NULL,
    ethnicity       TEXT NOT NULL DEFAULT '',
    education       TEXT NOT NULL DEFAULT '',
    schooling       TEXT NOT NULL DEFAULT '',
    health          TEXT NOT NULL DEFAULT '',
    ill_chronic     INTEGER NOT NULL DEFAULT 0,
    ill_major       INTEGER NOT NULL DEFAULT 0,
    disabled        INTEGER NOT NULL DEFAULT 0,
    labour_skill    TEXT NOT NULL DEFAULT '',
    work_months     INTEGER,
    work_place      TEXT NOT NULL DEFAULT '',
    phone_enc       BLOB,
    phone_idx       TEXT,
    phone_masked    TEXT NOT NULL DEFAULT '',
    dibao           INTEGER,
    tekun           INTEGER,
    medical_insured INTEGER,
    active          INTEGER NOT NULL DEFAULT 1,
    left_at         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX persons_id_idx ON persons (id_idx);
CREATE INDEX persons_household ON persons (household_id);
CREATE INDEX persons_name ON persons (name);

CREATE TABLE household_incomes (
    household_id   INTEGER NOT NULL REFERENCES households (id),
    year           INTEGER NOT NULL,
    region_code    TEXT NOT NULL,
    per_capita_fen INTEGER NOT NULL,
    source         TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (household_id, year)
);
CREATE INDEX household_incomes_region ON household_incomes (region_code, year);

CREATE TABLE monitoring_history (
    id               INTEGER PRIMARY KEY,
    household_id     INTEGER NOT NULL REFERENCES households (id),
    region_code      TEXT NOT NULL,
    recorded_at      TEXT NOT NULL,
    source           TEXT NOT NULL,
    category         TEXT NOT NULL,
    identified_month INTEGER,
    eliminated       INTEGER NOT NULL,
    elimination_mode TEXT NOT NULL,
    eliminated_month INTEGER,
    remarked_month   INTEGER,
    risk_types       TEXT NOT NULL
);
CREATE INDEX monitoring_history_household ON monitoring_history (household_id);
CREATE INDEX monitoring_history_region ON monitoring_history (region_code);

-- village_stats holds, per village and household type, the sums the overview
-- figures need, so a city's overview reads a few hundred rows instead of
-- every household. The registry rebuilds the rows of every village it writes
-- to, in the same transaction.
CREATE TABLE village_stats (
    region_code     TEXT NOT NULL,
    type            TEXT NOT NULL,
    households      INTEGER NOT NULL,
    members         INTEGER NOT NULL,
    members_chronic INTEGER NOT NULL,
    members_major   INTEGER NOT NULL,
    households_ill  INTEGER NOT NULL,
    PRIMARY KEY (region_code, type)
);

-- +goose Down
DROP TABLE village_stats;
DROP TABLE monitoring_history;
DROP TABLE household_incomes;
DROP TABLE persons;
DROP TABLE households;
DROP TABLE regions;
