-- +goose Up
-- The household of a matched feed row's person, kept with the row so that the
-- sectors figures read the rows without walking persons (docs/figures.md,
-- "Sectors: how it is computed"). Set by the import and the rematch, filled
-- here for the rows stored before. A person whose household changes later is
-- listed in person_moves (by the trigger below): for them the readers take
-- the person's current household instead.
ALTER TABLE feed_medical ADD COLUMN household_id INTEGER;
ALTER TABLE feed_education ADD COLUMN household_id INTEGER;
ALTER TABLE feed_civil ADD COLUMN household_id INTEGER;
ALTER TABLE feed_disability ADD COLUMN household_id INTEGER;
ALTER TABLE feed_housing ADD COLUMN household_id INTEGER;
ALTER TABLE feed_disaster ADD COLUMN household_id INTEGER;
ALTER TABLE feed_employment ADD COLUMN household_id INTEGER;
ALTER TABLE feed_death ADD COLUMN household_id INTEGER;
ALTER TABLE feed_insurance ADD COLUMN household_id INTEGER;
ALTER TABLE feed_doctor ADD COLUMN household_id INTEGER;

UPDATE feed_medical SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = feed_medical.person_id) WHERE person_id IS NOT NULL;
UPDATE feed_education SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = feed_education.person_id) WHERE person_id IS NOT NULL;
UPDATE feed_civil SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = feed_civil.person_id) WHERE person_id IS NOT NULL;
UPDATE feed_disability SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = feed_disability.person_id) WHERE person_id IS NOT NULL;
UPDATE feed_housing SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = feed_housing.person_id) WHERE person_id IS NOT NULL;
UPDATE feed_disaster SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = feed_disaster.person_id) WHERE person_id IS NOT NULL;
UPDATE feed_employment SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = feed_employment.person_id) WHERE person_id IS NOT NULL;
UPDATE feed_death SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = feed_death.person_id) WHERE person_id IS NOT NULL;
UPDATE feed_insurance SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = feed_insurance.person_id) WHERE person_id IS NOT NULL;
UPDATE feed_doctor SET household_id = (SELECT p.household_id FROM persons p WHERE p.id = feed_doctor.person_id) WHERE person_id IS NOT NULL;

CREATE TABLE person_moves (
    person_id INTEGER PRIMARY KEY -- persons.id: moved to another household
);

-- +goose StatementBegin
-- postgres: CREATE FUNCTION persons_household_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
CREATE TRIGGER persons_household_moved AFTER UPDATE OF household_id ON persons WHEN NEW.household_id IS NOT OLD.household_id BEGIN
    INSERT INTO person_moves (person_id) VALUES (NEW.id) ON CONFLICT (person_id) DO NOTHING;
-- postgres: RETURN NULL; END $$;
END;
-- +goose StatementEnd
-- postgres: CREATE TRIGGER persons_household_moved AFTER UPDATE OF household_id ON persons FOR EACH ROW WHEN (NEW.household_id IS DISTINCT FROM OLD.household_id) EXECUTE FUNCTION persons_household_moved();
-- (the trigger is the statement above; PostgreSQL's calls the function)
