-- +goose Up
-- The county of every household-level row (docs/scale.md, "The county
-- column"): the first six digits of its household's region code now, kept
-- with the row so that the tables can be partitioned, and later sharded, by
-- county. A household's county is its own region's; a member's, its
-- household's; a row that belongs to a household (an income, a case, a
-- warning, a visit, a measure, a labour record...) carries its household's,
-- and a row that belongs to such a row (a case event, a visit's checks, a
-- warning's files...) its parent's. Every INSERT names it; a household that
-- moves to another county takes all of these rows with it (the trigger
-- below). A department feed row takes the county of the household it was
-- matched to when it was matched, as it keeps that household's id (migration
-- 00030): it is not moved later, and a row matched to nobody has ''.

ALTER TABLE households ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE household_incomes ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE household_cadres ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE household_deltas ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE monitoring_history ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE measures ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE income_worksheets ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE income_worksheet_lines ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE warnings ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE labour_transfers ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE labour_subsidy_payments ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE retrofits ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE dropout_followups ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE project_beneficiaries ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE entity_links ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE entity_agreements ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE entity_shares ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE entity_payouts ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE water_problems ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE water_scheme_households ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_medical ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_education ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_civil ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_disability ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_housing ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_disaster ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_employment ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_death ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_insurance ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_doctor ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE case_events ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE measure_updates ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE visit_checks ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE warning_files ADD COLUMN county TEXT NOT NULL DEFAULT '';
ALTER TABLE dropout_followup_steps ADD COLUMN county TEXT NOT NULL DEFAULT '';

UPDATE households SET county = substr(region_code, 1, 6);
UPDATE persons SET county = (SELECT h.county FROM households h WHERE h.id = persons.household_id) WHERE household_id IS NOT NULL;
UPDATE household_incomes SET county = (SELECT h.county FROM households h WHERE h.id = household_incomes.household_id) WHERE household_id IS NOT NULL;
UPDATE household_cadres SET county = (SELECT h.county FROM households h WHERE h.id = household_cadres.household_id) WHERE household_id IS NOT NULL;
UPDATE household_deltas SET county = (SELECT h.county FROM households h WHERE h.id = household_deltas.household_id) WHERE household_id IS NOT NULL;
UPDATE monitoring_history SET county = (SELECT h.county FROM households h WHERE h.id = monitoring_history.household_id) WHERE household_id IS NOT NULL;
UPDATE cases SET county = (SELECT h.county FROM households h WHERE h.id = cases.household_id) WHERE household_id IS NOT NULL;
UPDATE measures SET county = (SELECT h.county FROM households h WHERE h.id = measures.household_id) WHERE household_id IS NOT NULL;
UPDATE income_worksheets SET county = (SELECT h.county FROM households h WHERE h.id = income_worksheets.household_id) WHERE household_id IS NOT NULL;
UPDATE income_worksheet_lines SET county = (SELECT h.county FROM households h WHERE h.id = income_worksheet_lines.household_id) WHERE household_id IS NOT NULL;
UPDATE warnings SET county = (SELECT h.county FROM households h WHERE h.id = warnings.household_id) WHERE household_id IS NOT NULL;
UPDATE visits SET county = (SELECT h.county FROM households h WHERE h.id = visits.household_id) WHERE household_id IS NOT NULL;
UPDATE labour_transfers SET county = (SELECT h.county FROM households h WHERE h.id = labour_transfers.household_id) WHERE household_id IS NOT NULL;
UPDATE labour_subsidy_payments SET county = (SELECT h.county FROM households h WHERE h.id = labour_subsidy_payments.household_id) WHERE household_id IS NOT NULL;
UPDATE retrofits SET county = (SELECT h.county FROM households h WHERE h.id = retrofits.household_id) WHERE household_id IS NOT NULL;
UPDATE dropout_followups SET county = (SELECT h.county FROM households h WHERE h.id = dropout_followups.household_id) WHERE household_id IS NOT NULL;
UPDATE project_beneficiaries SET county = (SELECT h.county FROM households h WHERE h.id = project_beneficiaries.household_id) WHERE household_id IS NOT NULL;
UPDATE entity_links SET county = (SELECT h.county FROM households h WHERE h.id = entity_links.household_id) WHERE household_id IS NOT NULL;
UPDATE entity_agreements SET county = (SELECT h.county FROM households h WHERE h.id = entity_agreements.household_id) WHERE household_id IS NOT NULL;
UPDATE entity_shares SET county = (SELECT h.county FROM households h WHERE h.id = entity_shares.household_id) WHERE household_id IS NOT NULL;
UPDATE entity_payouts SET county = (SELECT h.county FROM households h WHERE h.id = entity_payouts.household_id) WHERE household_id IS NOT NULL;
UPDATE water_problems SET county = (SELECT h.county FROM households h WHERE h.id = water_problems.household_id) WHERE household_id IS NOT NULL;
UPDATE water_scheme_households SET county = (SELECT h.county FROM households h WHERE h.id = water_scheme_households.household_id) WHERE household_id IS NOT NULL;
UPDATE feed_medical SET county = (SELECT h.county FROM households h WHERE h.id = feed_medical.household_id) WHERE household_id IS NOT NULL;
UPDATE feed_education SET county = (SELECT h.county FROM households h WHERE h.id = feed_education.household_id) WHERE household_id IS NOT NULL;
UPDATE feed_civil SET county = (SELECT h.county FROM households h WHERE h.id = feed_civil.household_id) WHERE household_id IS NOT NULL;
UPDATE feed_disability SET county = (SELECT h.county FROM households h WHERE h.id = feed_disability.household_id) WHERE household_id IS NOT NULL;
UPDATE feed_housing SET county = (SELECT h.county FROM households h WHERE h.id = feed_housing.household_id) WHERE household_id IS NOT NULL;
UPDATE feed_disaster SET county = (SELECT h.county FROM households h WHERE h.id = feed_disaster.household_id) WHERE household_id IS NOT NULL;
UPDATE feed_employment SET county = (SELECT h.county FROM households h WHERE h.id = feed_employment.household_id) WHERE household_id IS NOT NULL;
UPDATE feed_death SET county = (SELECT h.county FROM households h WHERE h.id = feed_death.household_id) WHERE household_id IS NOT NULL;
UPDATE feed_insurance SET county = (SELECT h.county FROM households h WHERE h.id = feed_insurance.household_id) WHERE household_id IS NOT NULL;
UPDATE feed_doctor SET county = (SELECT h.county FROM households h WHERE h.id = feed_doctor.household_id) WHERE household_id IS NOT NULL;
UPDATE case_events SET county = (SELECT x.county FROM cases x WHERE x.id = case_events.case_id);
UPDATE measure_updates SET county = (SELECT x.county FROM measures x WHERE x.id = measure_updates.measure_id);
UPDATE visit_checks SET county = (SELECT x.county FROM visits x WHERE x.id = visit_checks.visit_id);
UPDATE warning_files SET county = (SELECT x.county FROM warnings x WHERE x.id = warning_files.warning_id);
UPDATE dropout_followup_steps SET county = (SELECT x.county FROM dropout_followups x WHERE x.id = dropout_followup_steps.followup_id);

-- The rows a moving household takes along are found by household: these
-- tables had no index that begins with it.
CREATE INDEX labour_transfers_household ON labour_transfers (household_id);
CREATE INDEX labour_subsidy_payments_household ON labour_subsidy_payments (household_id);
CREATE INDEX dropout_followups_household ON dropout_followups (household_id);
CREATE INDEX water_problems_household ON water_problems (household_id);
CREATE INDEX water_scheme_households_household ON water_scheme_households (household_id);

-- A household whose region moves to another county takes its rows along, in
-- the statement that moves it (the application sets households.county with
-- the region code).
-- +goose StatementBegin
-- postgres: CREATE FUNCTION households_county_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
CREATE TRIGGER households_county_moved AFTER UPDATE OF county ON households WHEN NEW.county IS NOT OLD.county BEGIN
    UPDATE persons SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE household_incomes SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE household_cadres SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE household_deltas SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE monitoring_history SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE cases SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE measures SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE income_worksheets SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE income_worksheet_lines SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE warnings SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE visits SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE labour_transfers SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE labour_subsidy_payments SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE retrofits SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE dropout_followups SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE project_beneficiaries SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE entity_links SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE entity_agreements SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE entity_shares SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE entity_payouts SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE water_problems SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE water_scheme_households SET county = NEW.county WHERE household_id = NEW.id;
    UPDATE case_events SET county = NEW.county WHERE case_id IN (SELECT id FROM cases WHERE household_id = NEW.id);
    UPDATE measure_updates SET county = NEW.county WHERE measure_id IN (SELECT id FROM measures WHERE household_id = NEW.id);
    UPDATE visit_checks SET county = NEW.county WHERE visit_id IN (SELECT id FROM visits WHERE household_id = NEW.id);
    UPDATE warning_files SET county = NEW.county WHERE warning_id IN (SELECT id FROM warnings WHERE household_id = NEW.id);
    UPDATE dropout_followup_steps SET county = NEW.county WHERE followup_id IN (SELECT id FROM dropout_followups WHERE household_id = NEW.id);
-- postgres: RETURN NULL; END $$;
END;
-- +goose StatementEnd
-- postgres: CREATE TRIGGER households_county_moved AFTER UPDATE OF county ON households FOR EACH ROW WHEN (NEW.county IS DISTINCT FROM OLD.county) EXECUTE FUNCTION households_county_moved();
-- (the trigger is the statement above; PostgreSQL's calls the function)

-- +goose Down
-- postgres: DROP TRIGGER households_county_moved ON households;
DROP TRIGGER households_county_moved;
-- postgres: DROP FUNCTION households_county_moved();
-- (PostgreSQL: households_county_moved)
DROP INDEX labour_transfers_household;
DROP INDEX labour_subsidy_payments_household;
DROP INDEX dropout_followups_household;
DROP INDEX water_problems_household;
DROP INDEX water_scheme_households_household;
ALTER TABLE households DROP COLUMN county;
ALTER TABLE persons DROP COLUMN county;
ALTER TABLE household_incomes DROP COLUMN county;
ALTER TABLE household_cadres DROP COLUMN county;
ALTER TABLE household_deltas DROP COLUMN county;
ALTER TABLE monitoring_history DROP COLUMN county;
ALTER TABLE cases DROP COLUMN county;
ALTER TABLE measures DROP COLUMN county;
ALTER TABLE income_worksheets DROP COLUMN county;
ALTER TABLE income_worksheet_lines DROP COLUMN county;
ALTER TABLE warnings DROP COLUMN county;
ALTER TABLE visits DROP COLUMN county;
ALTER TABLE labour_transfers DROP COLUMN county;
ALTER TABLE labour_subsidy_payments DROP COLUMN county;
ALTER TABLE retrofits DROP COLUMN county;
ALTER TABLE dropout_followups DROP COLUMN county;
ALTER TABLE project_beneficiaries DROP COLUMN county;
ALTER TABLE entity_links DROP COLUMN county;
ALTER TABLE entity_agreements DROP COLUMN county;
ALTER TABLE entity_shares DROP COLUMN county;
ALTER TABLE entity_payouts DROP COLUMN county;
ALTER TABLE water_problems DROP COLUMN county;
ALTER TABLE water_scheme_households DROP COLUMN county;
ALTER TABLE feed_medical DROP COLUMN county;
ALTER TABLE feed_education DROP COLUMN county;
ALTER TABLE feed_civil DROP COLUMN county;
ALTER TABLE feed_disability DROP COLUMN county;
ALTER TABLE feed_housing DROP COLUMN county;
ALTER TABLE feed_disaster DROP COLUMN county;
ALTER TABLE feed_employment DROP COLUMN county;
ALTER TABLE feed_death DROP COLUMN county;
ALTER TABLE feed_insurance DROP COLUMN county;
ALTER TABLE feed_doctor DROP COLUMN county;
ALTER TABLE case_events DROP COLUMN county;
ALTER TABLE measure_updates DROP COLUMN county;
ALTER TABLE visit_checks DROP COLUMN county;
ALTER TABLE warning_files DROP COLUMN county;
ALTER TABLE dropout_followup_steps DROP COLUMN county;
