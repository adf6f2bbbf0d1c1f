-- +goose Up
-- 风险消除: a case has a purpose. Identification cases (识别认定) are the
-- clues of 00004; an elimination case (风险消除) walks the same review chain
-- for a monitored household, with its mode (帮扶消除 / 自然消除). See package
-- casework.
ALTER TABLE cases ADD COLUMN purpose TEXT NOT NULL DEFAULT 'identification';
ALTER TABLE cases ADD COLUMN elimination_mode TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_household ON cases (household_id);
-- one undecided elimination case per household
CREATE UNIQUE INDEX cases_open_elimination ON cases (household_id) WHERE purpose = 'elimination' AND outcome = '';

-- why the monitoring state changed, when someone said so (a rollback's reason)
ALTER TABLE monitoring_history ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- 六必访 groups and 六必查 items are settings: region_code '' is the
-- national default, else a 12-digit code whose significant prefix applies;
-- per code, the most specific region wins. params is a JSON object of
-- integer parameters of the group's computation.
CREATE TABLE visit_groups (
    region_code   TEXT NOT NULL,
    code          TEXT NOT NULL,
    label         TEXT NOT NULL,
    enabled       INTEGER NOT NULL,
    interval_days INTEGER NOT NULL,
    params        TEXT NOT NULL DEFAULT '',
    position      INTEGER NOT NULL,
    source        TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (region_code, code)
);

CREATE TABLE visit_items (
    region_code TEXT NOT NULL,
    code        TEXT NOT NULL,
    label       TEXT NOT NULL,
    enabled     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    source      TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (region_code, code)
);

-- 走访: one home visit; photos are files under DATA/visits/ID/; case_id is
-- the case opened from the visit
CREATE TABLE visits (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL,
    visited_on   TEXT NOT NULL, -- YYYY-MM-DD
    visitor      TEXT NOT NULL,
    user_id      INTEGER,
    findings     TEXT NOT NULL DEFAULT '',
    photos       INTEGER NOT NULL DEFAULT 0,
    case_id      INTEGER REFERENCES cases (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX visits_household ON visits (household_id, visited_on);
CREATE INDEX visits_region ON visits (region_code, visited_on);

-- the 六必查 answers of a visit: status 'ok' or 'problem'
CREATE TABLE visit_checks (
    visit_id    INTEGER NOT NULL REFERENCES visits (id),
    region_code TEXT NOT NULL,
    item        TEXT NOT NULL,
    label       TEXT NOT NULL,
    position    INTEGER NOT NULL,
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (visit_id, item)
);

-- +goose Down
DROP TABLE visit_checks;
DROP TABLE visits;
DROP TABLE visit_items;
DROP TABLE visit_groups;
ALTER TABLE monitoring_history DROP COLUMN reason;
DROP INDEX cases_open_elimination;
DROP INDEX cases_household;
ALTER TABLE cases DROP COLUMN elimination_mode;
ALTER TABLE cases DROP COLUMN purpose;
