-- +goose Up
-- 和美乡村 indicators: one row per village and year (see package village).
-- demo_level 省级 / 市级 / '' (none) with demo_year the year it was named
-- (0 when none); toilets_planned and toilets_done are the year's 改厕
-- task and what was finished in the year; sanitary_households the
-- village's households with a sanitary toilet at the year's end (or now);
-- the lists are 小微权力清单, 村级事务清单, 公共服务清单 (1 in place);
-- titles the village's honours joined by '、' (文明村 …).
CREATE TABLE village_indicators (
    id                  INTEGER PRIMARY KEY,
    region_code         TEXT NOT NULL,
    year                INTEGER NOT NULL,
    plan_done           INTEGER NOT NULL DEFAULT 0 CHECK (plan_done IN (0, 1)),
    demo_level          TEXT NOT NULL DEFAULT '' CHECK (demo_level IN ('', '省级', '市级')),
    demo_year           INTEGER NOT NULL DEFAULT 0,
    toilets_planned     INTEGER NOT NULL DEFAULT 0 CHECK (toilets_planned >= 0),
    toilets_done        INTEGER NOT NULL DEFAULT 0 CHECK (toilets_done >= 0),
    sanitary_households INTEGER NOT NULL DEFAULT 0 CHECK (sanitary_households >= 0),
    cleaners            INTEGER NOT NULL DEFAULT 0 CHECK (cleaners >= 0),
    vehicles            INTEGER NOT NULL DEFAULT 0 CHECK (vehicles >= 0),
    sewage_treated      INTEGER NOT NULL DEFAULT 0 CHECK (sewage_treated IN (0, 1)),
    list_power          INTEGER NOT NULL DEFAULT 0 CHECK (list_power IN (0, 1)),
    list_affairs        INTEGER NOT NULL DEFAULT 0 CHECK (list_affairs IN (0, 1)),
    list_services       INTEGER NOT NULL DEFAULT 0 CHECK (list_services IN (0, 1)),
    titles              TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL, -- first recorded: the figures count a row from then on
    updated_by          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (year, region_code)
);

-- +goose Down
DROP TABLE village_indicators;
