-- +goose Up
-- The upsert keys of the household-level tables, with the county (docs/
-- scale.md, "Partitioned by county"). An INSERT … ON CONFLICT names one of
-- these as its target: PostgreSQL requires a unique key of a table
-- partitioned by county to hold the county, and a conflict target must be a
-- unique index of exactly its columns, so the same statement serves a
-- partitioned and an unpartitioned database. Each is as strict as the key
-- it extends, which stays: a row's household fixes its county (for the key
-- by person: a person is registered in one household). An INSERT that only
-- skips a row stored already says ON CONFLICT DO NOTHING, with no target,
-- and needs no key of its own.
CREATE UNIQUE INDEX labour_transfers_county_key ON labour_transfers (person_id, year, county);
CREATE UNIQUE INDEX income_worksheets_county_key ON income_worksheets (household_id, year, county);
CREATE UNIQUE INDEX household_incomes_county_key ON household_incomes (household_id, year, county);
CREATE UNIQUE INDEX retrofits_county_key ON retrofits (household_id, kind, started, county);
CREATE UNIQUE INDEX project_beneficiaries_county_key ON project_beneficiaries (project_id, household_id, county);
CREATE UNIQUE INDEX entity_shares_county_key ON entity_shares (entity_id, household_id, source, day, county);
CREATE UNIQUE INDEX entity_agreements_county_key ON entity_agreements (entity_id, household_id, county);
CREATE UNIQUE INDEX entity_payouts_county_key ON entity_payouts (agreement_id, year, county);

-- +goose Down
DROP INDEX labour_transfers_county_key;
DROP INDEX income_worksheets_county_key;
DROP INDEX household_incomes_county_key;
DROP INDEX retrofits_county_key;
DROP INDEX project_beneficiaries_county_key;
DROP INDEX entity_shares_county_key;
DROP INDEX entity_agreements_county_key;
DROP INDEX entity_payouts_county_key;
