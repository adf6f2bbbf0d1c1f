-- +goose Up
-- The must-visit list (package visit) reads a few facts of a region's
-- households in one pass each. Their codes come with their region codes from
-- this index, without reading the households' rows.
CREATE INDEX households_region_code ON households (region_code, code);
-- For a county or wider it reads the recent rows of the dated feeds, then
-- their persons and households: the 失业 reports (few of all employment rows),
-- the disasters and the deaths by date; and the few current members on 特困.
CREATE INDEX feed_employment_jobless ON feed_employment (day, person_id) WHERE status = '失业';
CREATE INDEX feed_disaster_day ON feed_disaster (day, person_id);
CREATE INDEX feed_death_died ON feed_death (died, person_id);
CREATE INDEX persons_tekun ON persons (household_id) WHERE active = 1 AND tekun = 1;

-- +goose Down
DROP INDEX persons_tekun;
DROP INDEX feed_death_died;
DROP INDEX feed_disaster_day;
DROP INDEX feed_employment_jobless;
DROP INDEX households_region_code;
