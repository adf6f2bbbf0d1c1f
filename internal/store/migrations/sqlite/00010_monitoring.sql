-- +goose Up
-- 监测帮扶: see package monitoring.

-- identified_on is the day of identification (识别认定) when it is known:
-- set by casework's enrolment; NULL for households imported with only the
-- month. A date whose month disagrees with identified_month is ignored.
ALTER TABLE households ADD COLUMN identified_on TEXT;

-- The plan figures of the overview read every monitored household of a
-- region: a partial covering index keeps that to the few monitored rows.
CREATE INDEX households_plan ON households (region_code, code, identified_month, eliminated,
    eliminated_month, remarked_month, members, identified_on, risk_types, id) WHERE identified_month IS NOT NULL;
-- ... and whether a household has labour: a partial index of the current
-- members with labour (普通/技能/弱劳动力), found without reading persons.
CREATE INDEX persons_labour ON persons (household_id, active, labour_skill)
    WHERE active = 1 AND labour_skill IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力');

-- 收入测算表: one worksheet per household and year, itemised in
-- income_worksheet_lines; per_capita_fen is computed, never typed, and
-- copied into household_incomes (source 'worksheet').
CREATE TABLE income_worksheets (
    household_id      INTEGER NOT NULL REFERENCES households (id),
    year              INTEGER NOT NULL,
    region_code       TEXT NOT NULL,
    members           INTEGER NOT NULL, -- 常住人口 used, at save time
    net_fen           INTEGER NOT NULL, -- 家庭纯收入
    per_capita_fen    INTEGER NOT NULL, -- 人均纯收入
    claims_fen        INTEGER NOT NULL, -- 理赔收入
    compliant_fen     INTEGER NOT NULL, -- 合规自付支出
    after_spending_fen INTEGER NOT NULL, -- 人均纯收入 after 合规自付支出 net of 理赔收入
    saved_by_user_id  INTEGER,
    saved_by          TEXT NOT NULL,
    saved_at          TEXT NOT NULL,
    PRIMARY KEY (household_id, year)
);
CREATE INDEX income_worksheets_region ON income_worksheets (region_code, year);

CREATE TABLE income_worksheet_lines (
    household_id INTEGER NOT NULL REFERENCES households (id),
    year         INTEGER NOT NULL,
    region_code  TEXT NOT NULL,
    item         TEXT NOT NULL,
    -- postgres: fen          INTEGER NOT NULL,
    fen          INTEGER NOT NULL, -- PostgreSQL keeps the 32-bit type it shipped with (one line of a worksheet)
    PRIMARY KEY (household_id, year, item)
);

-- 帮扶责任人: the current one has end_on NULL; a change ends it.
CREATE TABLE household_cadres (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL,
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    phone_enc    BLOB,
    phone_idx    TEXT,
    phone_masked TEXT NOT NULL DEFAULT '',
    user_id      INTEGER,
    start_on     TEXT NOT NULL,
    end_on       TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX household_cadres_household ON household_cadres (household_id);
CREATE INDEX household_cadres_region ON household_cadres (region_code);
CREATE INDEX household_cadres_user ON household_cadres (user_id) WHERE end_on IS NULL;

-- 一户一策: measures from the national catalogue and their progress.
CREATE TABLE measures (
    id                   INTEGER PRIMARY KEY,
    household_id         INTEGER NOT NULL REFERENCES households (id),
    region_code          TEXT NOT NULL,
    type                 TEXT NOT NULL,
    subtype              TEXT NOT NULL DEFAULT '',
    owner                TEXT NOT NULL,
    owner_user_id        INTEGER,
    start_on             TEXT NOT NULL,
    due_on               TEXT NOT NULL,
    status               TEXT NOT NULL,
    amount_fen           INTEGER NOT NULL DEFAULT 0,
    notes                TEXT NOT NULL DEFAULT '',
    continues_after_exit INTEGER NOT NULL DEFAULT 0,
    created_by           TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX measures_household ON measures (household_id);
CREATE INDEX measures_region_due ON measures (region_code, due_on);

CREATE TABLE measure_updates (
    id           INTEGER PRIMARY KEY,
    measure_id   INTEGER NOT NULL REFERENCES measures (id),
    region_code  TEXT NOT NULL,
    on_date      TEXT NOT NULL,
    status_after TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    by_user_id   INTEGER,
    by_name      TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX measure_updates_measure ON measure_updates (measure_id);

-- 风险与措施对应表: which measures address which risk type, with the
-- policy basis. Seeded rows are inserted when missing; a deleted row keeps
-- its tombstone (deleted_at) so the seed does not bring it back.
CREATE TABLE fit_rules (
    id              INTEGER PRIMARY KEY,
    risk_type       TEXT NOT NULL,
    measure_type    TEXT NOT NULL,
    measure_subtype TEXT NOT NULL DEFAULT '', -- '' = any subtype
    basis           TEXT NOT NULL,
    source          TEXT NOT NULL,            -- 'seed' or the admin's username
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    UNIQUE (risk_type, measure_type, measure_subtype)
);

-- +goose Down
DROP TABLE fit_rules;
DROP TABLE measure_updates;
DROP TABLE measures;
DROP TABLE household_cadres;
DROP TABLE income_worksheet_lines;
DROP TABLE income_worksheets;
DROP INDEX persons_labour;
DROP INDEX households_plan;
ALTER TABLE households DROP COLUMN identified_on;
