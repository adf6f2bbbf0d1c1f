-- +goose Up
-- 三保障 records no earlier feed carried (docs/formats.md, docs/figures.md
-- "Sectors (三保障)").

-- 医保参保: one row per person and year of insurance as the department
-- sends it (columns as in 00008's feed tables).
CREATE TABLE feed_insurance (
    id          INTEGER PRIMARY KEY,
    file_id     INTEGER NOT NULL, -- feed_files.id
    row_no      INTEGER NOT NULL,
    person_id   INTEGER,
    id_idx      TEXT NOT NULL,
    id_masked   TEXT NOT NULL,
    year        INTEGER NOT NULL, -- 参保年度
    category    TEXT NOT NULL, -- 险种, e.g. 城乡居民基本医保
    contrib_fen INTEGER NOT NULL, -- 个人缴费
    subsidy_fen INTEGER NOT NULL, -- 资助参保金额
    day         INTEGER NOT NULL -- 参保日期
);
CREATE INDEX feed_insurance_unmatched ON feed_insurance (file_id, row_no) WHERE person_id IS NULL;
CREATE INDEX feed_insurance_person ON feed_insurance (person_id);

-- 家庭医生签约: one row per contract.
CREATE TABLE feed_doctor (
    id        INTEGER PRIMARY KEY,
    file_id   INTEGER NOT NULL, -- feed_files.id
    row_no    INTEGER NOT NULL,
    person_id INTEGER,
    id_idx    TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    signed    INTEGER NOT NULL, -- 签约日期
    team      TEXT NOT NULL, -- 签约团队
    end_day   INTEGER -- 到期日期, NULL: open-ended
);
CREATE INDEX feed_doctor_unmatched ON feed_doctor (file_id, row_no) WHERE person_id IS NULL;
CREATE INDEX feed_doctor_person ON feed_doctor (person_id);

-- 供养方式 of a 特困 row: '集中供养', '分散供养' or '' (not given).
ALTER TABLE feed_civil ADD COLUMN support TEXT NOT NULL DEFAULT '';

-- 危房改造 / 农房抗震改造 projects, one row per household, kind and start
-- day (an import of the same project again updates it). region_code is the
-- household's village when recorded; level C or D ('' for an 抗震改造 of a
-- house not rated C or D); dates YYYY-MM-DD; subsidies in fen by source.
CREATE TABLE retrofits (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id),
    region_code  TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('危房改造', '农房抗震改造')),
    level        TEXT NOT NULL DEFAULT '' CHECK (level IN ('', 'C', 'D')),
    central_fen  INTEGER NOT NULL DEFAULT 0 CHECK (central_fen >= 0),
    province_fen INTEGER NOT NULL DEFAULT 0 CHECK (province_fen >= 0),
    city_fen     INTEGER NOT NULL DEFAULT 0 CHECK (city_fen >= 0),
    county_fen   INTEGER NOT NULL DEFAULT 0 CHECK (county_fen >= 0),
    other_fen    INTEGER NOT NULL DEFAULT 0 CHECK (other_fen >= 0),
    started      TEXT NOT NULL, -- 开工日期
    completed    TEXT, -- 竣工日期
    accepted     TEXT, -- 验收日期
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (household_id, kind, started)
);
CREATE INDEX retrofits_region ON retrofits (region_code);
CREATE INDEX retrofits_completed ON retrofits (completed);

-- +goose Down
DROP TABLE retrofits;
ALTER TABLE feed_civil DROP COLUMN support;
DROP TABLE feed_doctor;
DROP TABLE feed_insurance;
