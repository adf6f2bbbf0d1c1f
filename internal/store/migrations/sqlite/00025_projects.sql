-- +goose Up
-- 项目库 and 产业链产值: see package project.

-- One project of a county's library for a year. code is the 项目编号, unique
-- everywhere. county_code is the library's county; township_code and
-- villages (village codes joined by ",") its place, either may be empty;
-- region_code the narrowest region holding that place (the one village,
-- the one township, else the county): the scope filters on it.
CREATE TABLE projects (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    year          INTEGER NOT NULL,
    county_code   TEXT NOT NULL,
    township_code TEXT NOT NULL DEFAULT '',
    villages      TEXT NOT NULL DEFAULT '',
    region_code   TEXT NOT NULL,
    type          TEXT NOT NULL CHECK (type IN ('产业发展', '就业', '基础设施', '其他')),
    subtype       TEXT NOT NULL DEFAULT '',
    chain         TEXT NOT NULL DEFAULT '', -- 产业链 from the setting project.chains; '' for none
    central_fen   INTEGER NOT NULL DEFAULT 0 CHECK (central_fen >= 0),  -- 中央衔接资金
    province_fen  INTEGER NOT NULL DEFAULT 0 CHECK (province_fen >= 0), -- 省级衔接资金
    city_fen      INTEGER NOT NULL DEFAULT 0 CHECK (city_fen >= 0),     -- 市级衔接资金
    county_fen    INTEGER NOT NULL DEFAULT 0 CHECK (county_fen >= 0),   -- 县级衔接资金
    other_fen     INTEGER NOT NULL DEFAULT 0 CHECK (other_fen >= 0),    -- 其他资金
    planned_fen   INTEGER NOT NULL CHECK (planned_fen >= 0),
    completed_fen INTEGER NOT NULL DEFAULT 0 CHECK (completed_fen >= 0),
    status        TEXT NOT NULL CHECK (status IN ('储备', '实施中', '已完工')),
    created_at    TEXT NOT NULL, -- first recorded: the figures count a project from then on
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX projects_region ON projects (year, region_code);

-- The households a project benefits; region_code is the household's village
-- when linked.
CREATE TABLE project_beneficiaries (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id),
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (project_id, household_id)
);
CREATE INDEX project_beneficiaries_household ON project_beneficiaries (household_id);

-- 产业链产值 per chain, county (region_code) and year.
CREATE TABLE chain_output (
    id          INTEGER PRIMARY KEY,
    chain       TEXT NOT NULL,
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    output_fen  INTEGER NOT NULL CHECK (output_fen >= 0),
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (chain, region_code, year)
);
CREATE INDEX chain_output_region ON chain_output (year, region_code);

-- +goose Down
DROP TABLE chain_output;
DROP TABLE project_beneficiaries;
DROP TABLE projects;
