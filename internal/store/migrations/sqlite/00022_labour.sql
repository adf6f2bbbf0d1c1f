-- +goose Up
-- 劳动力转移就业 and its one-off transport subsidies: see package labour.

-- One transfer per person and year. region_code is the household's village
-- when recorded; destination 市内县外 / 省内市外 / 省外, province only for
-- 省外 (without 省/自治区). source: feed (an employment feed row,
-- feed_row_id), import or typed.
CREATE TABLE labour_transfers (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons (id),
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL,
    year         INTEGER NOT NULL,
    destination  TEXT NOT NULL CHECK (destination IN ('市内县外', '省内市外', '省外')),
    province     TEXT NOT NULL DEFAULT '',
    months       INTEGER NOT NULL CHECK (months BETWEEN 0 AND 12),
    income_fen   INTEGER NOT NULL DEFAULT 0 CHECK (income_fen >= 0),
    source       TEXT NOT NULL CHECK (source IN ('feed', 'import', 'typed')),
    feed_row_id  INTEGER,
    created_at   TEXT NOT NULL, -- first recorded: the figures count a transfer from then on
    updated_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (person_id, year)
);
CREATE INDEX labour_transfers_region ON labour_transfers (year, region_code);

-- The subsidy amounts as dated settings: from effective_from on, until a
-- later row of the same destination and province. province '' is every
-- province without a row of its own (and the only row of the other two).
CREATE TABLE labour_subsidy_rates (
    id             INTEGER PRIMARY KEY,
    destination    TEXT NOT NULL CHECK (destination IN ('市内县外', '省内市外', '省外')),
    province       TEXT NOT NULL DEFAULT '',
    effective_from TEXT NOT NULL, -- YYYY-MM-DD
    amount_fen     INTEGER NOT NULL CHECK (amount_fen >= 0),
    UNIQUE (destination, province, effective_from)
);
-- Gansu 2024: 陕西/宁夏 400元, other provinces 600元, 省内市外 300元, 市内县外 200元.
INSERT INTO labour_subsidy_rates (destination, province, effective_from, amount_fen) VALUES
    ('省外', '陕西', '2024-01-01', 40000),
    ('省外', '宁夏', '2024-01-01', 40000),
    ('省外', '', '2024-01-01', 60000),
    ('省内市外', '', '2024-01-01', 30000),
    ('市内县外', '', '2024-01-01', 20000);

-- A batch payment list: one region, one year, paid on day.
CREATE TABLE labour_subsidy_batches (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    day         TEXT NOT NULL, -- YYYY-MM-DD, the day whose rates and monitoring apply
    persons     INTEGER NOT NULL,
    amount_fen  INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- One payment per person and year, whatever the batch.
CREATE TABLE labour_subsidy_payments (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER NOT NULL REFERENCES labour_subsidy_batches (id),
    person_id    INTEGER NOT NULL REFERENCES persons (id),
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL,
    year         INTEGER NOT NULL,
    destination  TEXT NOT NULL,
    province     TEXT NOT NULL DEFAULT '',
    months       INTEGER NOT NULL,
    amount_fen   INTEGER NOT NULL,
    UNIQUE (person_id, year)
);
CREATE INDEX labour_subsidy_payments_region ON labour_subsidy_payments (year, region_code);
CREATE INDEX labour_subsidy_payments_batch ON labour_subsidy_payments (batch_id);

-- +goose Down
DROP TABLE labour_subsidy_payments;
DROP TABLE labour_subsidy_batches;
DROP TABLE labour_subsidy_rates;
DROP TABLE labour_transfers;
