-- +goose Up
-- 新型经营主体 (enterprises, cooperatives, family farms) and how they link
-- to households (联农带农): see package entity.

-- An entity, registered in a county (region_code). name is unique: the
-- import files of links, shares, agreements and payouts name it.
CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    credit_code TEXT NOT NULL DEFAULT '', -- 统一社会信用代码, '' when not given
    kind        TEXT NOT NULL CHECK (kind IN ('龙头企业', '农民合作社', '家庭农场', '其他')),
    level       TEXT NOT NULL DEFAULT '' CHECK (level IN ('国家级', '省级', '市级', '县级', '')),
    region_code TEXT NOT NULL, -- the county
    created_at  TEXT NOT NULL, -- first recorded: the figures count an entity from then on
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX entities_region ON entities (region_code);

-- The townships and villages an entity covers.
CREATE TABLE entity_areas (
    entity_id   INTEGER NOT NULL REFERENCES entities (id),
    region_code TEXT NOT NULL,
    PRIMARY KEY (entity_id, region_code)
);
CREATE INDEX entity_areas_region ON entity_areas (region_code);

-- The linkage mechanisms an entity declares (联农带农方式).
CREATE TABLE entity_mechanisms (
    entity_id INTEGER NOT NULL REFERENCES entities (id),
    mechanism TEXT NOT NULL,
    PRIMARY KEY (entity_id, mechanism)
);

-- A household linked to an entity by a mechanism. region_code is the
-- household's village when recorded.
CREATE TABLE entity_links (
    id           INTEGER PRIMARY KEY,
    entity_id    INTEGER NOT NULL REFERENCES entities (id),
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL,
    mechanism    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    UNIQUE (entity_id, household_id, mechanism)
);
CREATE INDEX entity_links_region ON entity_links (region_code);
CREATE INDEX entity_links_household ON entity_links (household_id);

-- A household's share (入股资金) in an entity, paid in on day.
CREATE TABLE entity_shares (
    id           INTEGER PRIMARY KEY,
    entity_id    INTEGER NOT NULL REFERENCES entities (id),
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
    source       TEXT NOT NULL CHECK (source IN ('衔接资金', '自有资金', '其他')),
    day          TEXT NOT NULL, -- YYYY-MM-DD
    created_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    UNIQUE (entity_id, household_id, source, day)
);
CREATE INDEX entity_shares_region ON entity_shares (region_code);
CREATE INDEX entity_shares_household ON entity_shares (household_id);

-- A dividend agreement (分红协议) of an entity with a household: a rate in
-- permille of the household's shares or a fixed amount a year, due each
-- year on due_month/due_day.
CREATE TABLE entity_agreements (
    id            INTEGER PRIMARY KEY,
    entity_id     INTEGER NOT NULL REFERENCES entities (id),
    household_id  INTEGER NOT NULL REFERENCES households (id),
    region_code   TEXT NOT NULL,
    rate_permille INTEGER,
    fixed_fen     INTEGER,
    due_month     INTEGER NOT NULL CHECK (due_month BETWEEN 1 AND 12),
    due_day       INTEGER NOT NULL CHECK (due_day BETWEEN 1 AND 31),
    signed        TEXT NOT NULL, -- YYYY-MM-DD
    created_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    CHECK ((rate_permille IS NULL) <> (fixed_fen IS NULL)),
    UNIQUE (entity_id, household_id)
);
CREATE INDEX entity_agreements_region ON entity_agreements (region_code);
CREATE INDEX entity_agreements_household ON entity_agreements (household_id);

-- A dividend payout of an agreement for a year: due on due, paid on paid
-- (NULL while unpaid) with a note of the evidence.
CREATE TABLE entity_payouts (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES entity_agreements (id),
    entity_id    INTEGER NOT NULL REFERENCES entities (id),
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL,
    year         INTEGER NOT NULL,
    amount_fen   INTEGER NOT NULL CHECK (amount_fen >= 0),
    due          TEXT NOT NULL, -- YYYY-MM-DD
    paid         TEXT,          -- YYYY-MM-DD
    evidence     TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (agreement_id, year)
);
CREATE INDEX entity_payouts_region ON entity_payouts (region_code, due);
CREATE INDEX entity_payouts_household ON entity_payouts (household_id);

-- +goose Down
DROP TABLE entity_payouts;
DROP TABLE entity_agreements;
DROP TABLE entity_shares;
DROP TABLE entity_links;
DROP TABLE entity_mechanisms;
DROP TABLE entity_areas;
DROP TABLE entities;
