-- +goose Up
-- a case is one clue (self-report, cadre screening or department warning)
-- walking the identification workflow; see package casework
CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    region_code     TEXT NOT NULL,
    household_id    INTEGER REFERENCES households (id),
    head_name       TEXT NOT NULL,
    id_idx          TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL,
    source_ref      TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL,
    risk_types      TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    green_channel   INTEGER NOT NULL DEFAULT 0,
    category        TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    outcome_reason  TEXT NOT NULL DEFAULT '',
    objection_count INTEGER NOT NULL DEFAULT 0,
    -- green channel: the steps still to be recorded after enrolment, comma-joined actions
    outstanding     TEXT NOT NULL DEFAULT '',
    notice_start    TEXT NOT NULL DEFAULT '',
    opened_at       TEXT NOT NULL,
    accept_due      TEXT NOT NULL DEFAULT '',
    verify_due      TEXT NOT NULL DEFAULT '',
    total_due       TEXT NOT NULL DEFAULT '',
    decided_at      TEXT NOT NULL DEFAULT '',
    closed_at       TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
);
CREATE INDEX cases_region_state ON cases (region_code, state);
CREATE INDEX cases_id_idx ON cases (id_idx);

CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    region_code TEXT NOT NULL,
    at          TEXT NOT NULL,
    user_id     INTEGER,
    username    TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL DEFAULT '',
    to_state    TEXT NOT NULL DEFAULT '',
    comment     TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id);

-- +goose Down
DROP TABLE case_events;
DROP TABLE cases;
