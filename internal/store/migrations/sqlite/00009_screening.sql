-- +goose Up
-- 预警规则设置: versioned thresholds of the warning rules (package
-- screening). A setting never changes in place: a change is a new row with
-- a later effective_from, so a past screen is explained by the version then
-- in force. region_code '' applies everywhere, else a 12-digit code whose
-- significant prefix applies; the most specific region wins, then the latest
-- effective_from on or before the screen's as_of. The built-in defaults
-- (CONTRACT §6) are version 0, in code, effective from 1900-01-01.
CREATE TABLE rule_settings (
    id             INTEGER PRIMARY KEY,
    rule           TEXT NOT NULL,
    region_code    TEXT NOT NULL DEFAULT '',
    effective_from TEXT NOT NULL, -- YYYY-MM-DD
    enabled        INTEGER NOT NULL,
    amount_fen     INTEGER NOT NULL DEFAULT 0,
    percent        INTEGER NOT NULL DEFAULT 0,
    min_age        INTEGER NOT NULL DEFAULT 0,
    max_age        INTEGER NOT NULL DEFAULT 0,
    max_grade      INTEGER NOT NULL DEFAULT 0,
    window_months  INTEGER NOT NULL DEFAULT 0,
    note           TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (rule, region_code, effective_from)
);

-- one run of the warning rules (fangpin screen, or a screen job)
CREATE TABLE screen_runs (
    id          INTEGER PRIMARY KEY,
    as_of       TEXT NOT NULL, -- YYYY-MM-DD
    region_code TEXT NOT NULL, -- the scope screened: a region code prefix, '' for all
    user_id     INTEGER,
    username    TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    result      TEXT NOT NULL -- the Result as JSON (CONTRACT §1 screen --json)
);

-- 预警: one rule firing for one household in one period, routed to the
-- household's village. threshold, figures and evidence are JSON: the rule
-- version and values in force, the computed numbers, and the feed rows (or
-- registry facts) that triggered it.
CREATE TABLE warnings (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL,
    rule         TEXT NOT NULL,
    period       TEXT NOT NULL,
    status       TEXT NOT NULL, -- open / case / handled / dismissed
    as_of        TEXT NOT NULL,
    run_id       INTEGER REFERENCES screen_runs (id),
    threshold    TEXT NOT NULL,
    figures      TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    person_id    INTEGER,
    decision     TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    case_id      INTEGER REFERENCES cases (id),
    decided_by   TEXT NOT NULL DEFAULT '',
    decided_at   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    UNIQUE (household_id, rule, period)
);
CREATE INDEX warnings_region_status ON warnings (region_code, status);

-- the feed files whose rows a warning cites, for the list returned to the
-- uploading department
CREATE TABLE warning_files (
    warning_id INTEGER NOT NULL REFERENCES warnings (id),
    file_id    INTEGER NOT NULL REFERENCES feed_files (id),
    PRIMARY KEY (warning_id, file_id)
);
CREATE INDEX warning_files_file ON warning_files (file_id);

-- The screen reads every person's household id; the few persons who left
-- (died, moved, married out) are found through this small partial index
-- instead of decoding the active flag of every person row.
CREATE INDEX persons_inactive ON persons (household_id) WHERE active = 0;

-- +goose Down
DROP INDEX persons_inactive;
DROP TABLE warning_files;
DROP TABLE warnings;
DROP TABLE screen_runs;
DROP TABLE rule_settings;
