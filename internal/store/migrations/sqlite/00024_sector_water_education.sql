-- +goose Up
-- 饮水安全 (package water) and 控辍保学 follow-ups (package dropout): the
-- records no department feed carries (docs/figures.md, "Sectors (三保障)").

-- A water supply scheme (供水工程), known by its code. kind 集中供水 or
-- 分散供水.
CREATE TABLE water_schemes (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('集中供水', '分散供水')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The villages a scheme serves and how many households in each.
CREATE TABLE water_scheme_villages (
    scheme_id   INTEGER NOT NULL REFERENCES water_schemes (id),
    region_code TEXT NOT NULL,
    households  INTEGER NOT NULL CHECK (households >= 0),
    PRIMARY KEY (scheme_id, region_code)
);
CREATE INDEX water_scheme_villages_region ON water_scheme_villages (region_code);

-- Registered households a scheme serves, where the file names them.
CREATE TABLE water_scheme_households (
    scheme_id    INTEGER NOT NULL REFERENCES water_schemes (id),
    household_id INTEGER NOT NULL REFERENCES households (id),
    PRIMARY KEY (scheme_id, household_id)
);

-- A water sample test of a scheme: one per scheme, day and item.
CREATE TABLE water_samples (
    id         INTEGER PRIMARY KEY,
    scheme_id  INTEGER NOT NULL REFERENCES water_schemes (id),
    day        TEXT NOT NULL, -- YYYY-MM-DD
    result     TEXT NOT NULL CHECK (result IN ('合格', '不合格')),
    item       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (scheme_id, day, item)
);
CREATE INDEX water_samples_day ON water_samples (day);

-- A drinking water problem of a scheme or of a household (then region_code
-- is the household's village when reported, and scheme_id may name its
-- scheme). source 走访, 一键报贫 or 录入. Open until resolved_on.
CREATE TABLE water_problems (
    id           INTEGER PRIMARY KEY,
    scheme_id    INTEGER REFERENCES water_schemes (id),
    household_id INTEGER REFERENCES households (id),
    region_code  TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL CHECK (source IN ('走访', '一键报贫', '录入')),
    description  TEXT NOT NULL,
    reported_on  TEXT NOT NULL, -- YYYY-MM-DD
    reported_by  TEXT NOT NULL,
    resolved_on  TEXT,          -- YYYY-MM-DD; NULL while open
    resolved_by  TEXT NOT NULL DEFAULT '',
    resolution   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    resolved_at  TEXT,
    CHECK (scheme_id IS NOT NULL OR household_id IS NOT NULL)
);
CREATE INDEX water_problems_scheme ON water_problems (scheme_id);
CREATE INDEX water_problems_region ON water_problems (region_code);

-- A 控辍保学 follow-up of a dropout: one per person. outcome '' while
-- under way, else 返校, 送教上门, 其他 or 未返校 on outcome_on.
CREATE TABLE dropout_followups (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL UNIQUE REFERENCES persons (id),
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL, -- the household's village when opened
    feed_row_id  INTEGER,       -- feed_education.id it was opened from
    warning_id   INTEGER,       -- warnings.id it was opened from
    responsible  TEXT NOT NULL,
    opened_on    TEXT NOT NULL, -- YYYY-MM-DD
    outcome      TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', '返校', '送教上门', '其他', '未返校')),
    outcome_on   TEXT,          -- YYYY-MM-DD
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX dropout_followups_region ON dropout_followups (region_code);

-- The few education rows saying 辍学, for the dropout list and the
-- household page (a partial index: the feed holds mostly 在校 rows).
CREATE INDEX feed_education_dropout ON feed_education (person_id) WHERE status = '辍学';

-- The dated steps of a follow-up.
CREATE TABLE dropout_followup_steps (
    id          INTEGER PRIMARY KEY,
    followup_id INTEGER NOT NULL REFERENCES dropout_followups (id),
    day         TEXT NOT NULL, -- YYYY-MM-DD
    note        TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX dropout_followup_steps_followup ON dropout_followup_steps (followup_id);

-- +goose Down
DROP INDEX feed_education_dropout;
DROP TABLE dropout_followup_steps;
DROP TABLE dropout_followups;
DROP TABLE water_problems;
DROP TABLE water_samples;
DROP TABLE water_scheme_households;
DROP TABLE water_scheme_villages;
DROP TABLE water_schemes;
