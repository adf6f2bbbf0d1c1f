-- +goose Up
-- household_deltas is the dated log of changes to village_stats: when a
-- household's contribution to its village's summary changes (members join or
-- leave, illness changes, the household moves village or changes type), the
-- change is written here in the same transaction, as the difference per
-- village and household type, dated the day it takes effect. The summary as
-- of a day D is village_stats minus the rows dated after D. A household
-- created by an import has no row: it counts from always (docs/figures.md).
CREATE TABLE household_deltas (
    id              INTEGER PRIMARY KEY,
    day             TEXT NOT NULL,    -- YYYY-MM-DD: in force from this day
    household_id    INTEGER NOT NULL REFERENCES households (id),
    region_code     TEXT NOT NULL,
    type            TEXT NOT NULL,
    households      INTEGER NOT NULL,
    members         INTEGER NOT NULL,
    members_chronic INTEGER NOT NULL,
    members_major   INTEGER NOT NULL,
    households_ill  INTEGER NOT NULL,
    source          TEXT NOT NULL,    -- import, merge
    recorded_at     TEXT NOT NULL
);
-- the changes of a region after a day, and who moved out (covering)
CREATE INDEX household_deltas_region ON household_deltas (region_code, day, households, household_id);
CREATE INDEX household_deltas_household ON household_deltas (household_id, day);
-- the latest change; the monitoring states recorded in a region since a day (covering)
CREATE INDEX household_deltas_day ON household_deltas (day);
CREATE INDEX monitoring_history_recorded ON monitoring_history (recorded_at);
CREATE INDEX monitoring_history_recent ON monitoring_history (region_code, recorded_at, household_id);

-- The overview reads the households identified now, with their type and
-- risk types, from this partial index alone.
DROP INDEX households_monitored;
CREATE INDEX households_monitored ON households (region_code, identified_month, category, eliminated, eliminated_month, remarked_month, members, type, risk_types) WHERE identified_month IS NOT NULL;

-- region_names keeps a region's earlier names: name was its name on the days
-- before valid_until (when the next name took effect).
CREATE TABLE region_names (
    region_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (region_code, valid_until)
);

-- region_merges records villages merged into another: from merged_on their
-- households belong to into_code.
CREATE TABLE region_merges (
    region_code TEXT PRIMARY KEY,
    into_code   TEXT NOT NULL,
    merged_on   TEXT NOT NULL,
    households  INTEGER NOT NULL,
    recorded_at TEXT NOT NULL
);

-- +goose Down
DROP INDEX households_monitored;
CREATE INDEX households_monitored ON households (region_code, identified_month, category, eliminated, eliminated_month, remarked_month, members) WHERE identified_month IS NOT NULL;
DROP INDEX monitoring_history_recent;
DROP INDEX monitoring_history_recorded;
DROP TABLE region_merges;
DROP TABLE region_names;
DROP TABLE household_deltas;
