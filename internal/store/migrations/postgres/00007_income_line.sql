-- +goose Up
-- 防止返贫监测范围: the per-capita net income line of a year, set by a
-- province, city or county; the most specific region wins
CREATE TABLE monitoring_ranges (
    region_code TEXT COLLATE "C" NOT NULL,
    year        INTEGER NOT NULL,
    fen         BIGINT NOT NULL,
    source      TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (region_code, year)
);

-- +goose Down
DROP TABLE monitoring_ranges;
