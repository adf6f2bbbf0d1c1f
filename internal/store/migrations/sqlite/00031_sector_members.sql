-- +goose Up
-- The sectors block walks the members of the low-income households
-- (docs/figures.md, "Sectors: how it is computed"): whether a person was a
-- member on as_of (active, left_at, created_at) and whether they head the
-- household are read from the household index alone, not from the persons
-- rows; a member's insurance of the year and family-doctor contract are
-- found from their person index without reading the rows that do not
-- decide. Each index replaces one of the same leading column, so an import
-- keeps up as many indexes as before.
DROP INDEX persons_household;
CREATE INDEX persons_household ON persons (household_id, active, left_at, created_at, relation);
DROP INDEX feed_insurance_person;
CREATE INDEX feed_insurance_person ON feed_insurance (person_id, year, day);
DROP INDEX feed_doctor_person;
CREATE INDEX feed_doctor_person ON feed_doctor (person_id, signed, end_day);

-- +goose Down
DROP INDEX feed_doctor_person;
CREATE INDEX feed_doctor_person ON feed_doctor (person_id);
DROP INDEX feed_insurance_person;
CREATE INDEX feed_insurance_person ON feed_insurance (person_id);
DROP INDEX persons_household;
CREATE INDEX persons_household ON persons (household_id);
