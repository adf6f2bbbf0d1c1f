-- +goose Up
-- 部门数据: one row per imported department file (CONTRACT §4). A file is
-- known by its kind and SHA-256, so importing it again changes nothing.
CREATE TABLE feed_files (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    rows        INTEGER NOT NULL DEFAULT 0,
    matched     INTEGER NOT NULL DEFAULT 0,
    unmatched   INTEGER NOT NULL DEFAULT 0,
    user_id     INTEGER,
    uploader    TEXT NOT NULL,
    region_code TEXT NOT NULL, -- the uploader's region
    uploaded_at TEXT NOT NULL,
    UNIQUE (kind, sha256)
);
CREATE INDEX feed_files_user ON feed_files (user_id);

-- Feed rows, one table per kind. Common columns: the file and its 1-based
-- line number; person_id once the ID number matches a registered person
-- (NULL while unmatched); id_idx, the keyed index of the ID number, kept while
-- the row is unmatched so that Rematch can match it later ('' once matched:
-- the person is known, and a third less is written); id_masked for display.
-- file_id has no FOREIGN KEY clause: the importer writes a file's record and
-- its rows in one transaction and nothing deletes a file, while checking the
-- key row by row made PostgreSQL's COPY several times slower (a trigger per
-- row) and cost SQLite a lookup per row. Dates are INTEGER YYYYMMDD and
-- money INTEGER fen: the screen reads millions of these rows.
CREATE TABLE feed_medical (
    id          INTEGER PRIMARY KEY,
    file_id     INTEGER NOT NULL, -- feed_files.id
    row_no      INTEGER NOT NULL,
    person_id   INTEGER,
    id_idx      TEXT NOT NULL,
    id_masked   TEXT NOT NULL,
    settled     INTEGER NOT NULL, -- 结算日期
    total_fen   INTEGER NOT NULL, -- 医疗总费用
    basic_fen   INTEGER NOT NULL, -- 基本医保报销
    serious_fen INTEGER NOT NULL, -- 大病保险报销
    assist_fen  INTEGER NOT NULL, -- 医疗救助
    oop_fen     INTEGER NOT NULL, -- 个人自付
    disease     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE feed_education (
    id        INTEGER PRIMARY KEY,
    file_id   INTEGER NOT NULL, -- feed_files.id
    row_no    INTEGER NOT NULL,
    person_id INTEGER,
    id_idx    TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    stage     TEXT NOT NULL, -- 学段
    status    TEXT NOT NULL, -- 在校状态: 在校 / 辍学
    aid_item  TEXT NOT NULL, -- 资助项目
    aid_fen   INTEGER NOT NULL,
    day       INTEGER NOT NULL
);

CREATE TABLE feed_civil (
    id        INTEGER PRIMARY KEY,
    file_id   INTEGER NOT NULL, -- feed_files.id
    row_no    INTEGER NOT NULL,
    person_id INTEGER,
    id_idx    TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    aid_type  TEXT NOT NULL, -- 低保 / 特困 / 临时救助
    amount_fen INTEGER NOT NULL,
    start_day INTEGER NOT NULL,
    end_day   INTEGER -- NULL: open-ended
);

CREATE TABLE feed_disability (
    id        INTEGER PRIMARY KEY,
    file_id   INTEGER NOT NULL, -- feed_files.id
    row_no    INTEGER NOT NULL,
    person_id INTEGER,
    id_idx    TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    category  TEXT NOT NULL, -- 残疾类别
    grade     INTEGER NOT NULL, -- 残疾等级 1..4 (一级…四级)
    issued    INTEGER NOT NULL -- 发证日期
);

CREATE TABLE feed_housing (
    id        INTEGER PRIMARY KEY,
    file_id   INTEGER NOT NULL, -- feed_files.id
    row_no    INTEGER NOT NULL,
    person_id INTEGER, -- the household head
    id_idx    TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    grade     TEXT NOT NULL, -- 鉴定等级 A/B/C/D
    assessed  INTEGER NOT NULL
);

CREATE TABLE feed_disaster (
    id        INTEGER PRIMARY KEY,
    file_id   INTEGER NOT NULL, -- feed_files.id
    row_no    INTEGER NOT NULL,
    person_id INTEGER, -- the household head
    id_idx    TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    hazard    TEXT NOT NULL, -- 灾种
    loss_fen  INTEGER NOT NULL,
    day       INTEGER NOT NULL
);

CREATE TABLE feed_employment (
    id        INTEGER PRIMARY KEY,
    file_id   INTEGER NOT NULL, -- feed_files.id
    row_no    INTEGER NOT NULL,
    person_id INTEGER,
    id_idx    TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    status    TEXT NOT NULL, -- 就业状态: 务工 / 失业
    place     TEXT NOT NULL, -- 务工地点
    months    INTEGER NOT NULL,
    day       INTEGER NOT NULL
);

CREATE TABLE feed_death (
    id        INTEGER PRIMARY KEY,
    file_id   INTEGER NOT NULL, -- feed_files.id
    row_no    INTEGER NOT NULL,
    person_id INTEGER,
    id_idx    TEXT NOT NULL,
    id_masked TEXT NOT NULL,
    died      INTEGER NOT NULL
);

-- Unmatched rows are few: a partial index finds them for counting, listing a
-- file's rows and Rematch, and costs nothing for the matched majority.
CREATE INDEX feed_medical_unmatched ON feed_medical (file_id, row_no) WHERE person_id IS NULL;
CREATE INDEX feed_education_unmatched ON feed_education (file_id, row_no) WHERE person_id IS NULL;
CREATE INDEX feed_civil_unmatched ON feed_civil (file_id, row_no) WHERE person_id IS NULL;
CREATE INDEX feed_disability_unmatched ON feed_disability (file_id, row_no) WHERE person_id IS NULL;
CREATE INDEX feed_housing_unmatched ON feed_housing (file_id, row_no) WHERE person_id IS NULL;
CREATE INDEX feed_disaster_unmatched ON feed_disaster (file_id, row_no) WHERE person_id IS NULL;
CREATE INDEX feed_employment_unmatched ON feed_employment (file_id, row_no) WHERE person_id IS NULL;
CREATE INDEX feed_death_unmatched ON feed_death (file_id, row_no) WHERE person_id IS NULL;

-- A person's rows (a household page, a warning's evidence). Not on
-- feed_medical: kept up during a bulk import, an index in person order over
-- millions of claims costs more than the import itself; the screen reads the
-- claims in one pass.
CREATE INDEX feed_education_person ON feed_education (person_id);
CREATE INDEX feed_civil_person ON feed_civil (person_id);
CREATE INDEX feed_disability_person ON feed_disability (person_id);
CREATE INDEX feed_housing_person ON feed_housing (person_id);
CREATE INDEX feed_disaster_person ON feed_disaster (person_id);
CREATE INDEX feed_employment_person ON feed_employment (person_id);
CREATE INDEX feed_death_person ON feed_death (person_id);

-- background jobs (feed imports, screens) with progress
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL, -- queued / running / done / failed
    total       INTEGER NOT NULL DEFAULT 0,
    done        INTEGER NOT NULL DEFAULT 0,
    message     TEXT NOT NULL DEFAULT '',
    result      TEXT NOT NULL DEFAULT '',
    user_id     INTEGER,
    region_code TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    finished_at TEXT
);

-- +goose Down
DROP TABLE jobs;
DROP TABLE feed_death;
DROP TABLE feed_employment;
DROP TABLE feed_disaster;
DROP TABLE feed_housing;
DROP TABLE feed_disability;
DROP TABLE feed_civil;
DROP TABLE feed_education;
DROP TABLE feed_medical;
DROP TABLE feed_files;
