-- +goose Up
-- Change counters (store.ChangeCount): a row per topic whose count goes up
-- in every transaction that changes what the topic is computed from, in
-- that transaction, so a result remembered under a count is never older
-- than the data that count stands for (docs/architecture.md, "Remembered
-- results"). visit.facts: what the must-visit groups are judged from;
-- visit.visits: the home visits (the last visit of each household).
CREATE TABLE change_counts (
    topic TEXT PRIMARY KEY,
    n     BIGINT NOT NULL DEFAULT 0
);
INSERT INTO change_counts (topic, n) VALUES ('visit.facts', 0), ('visit.visits', 0);

-- PostgreSQL counts at commit, once a transaction and topic (a mark, see its
-- migration); SQLite, with one writer at a time, counts every row changed
-- and never uses this table.
CREATE TABLE change_marks (
    id    INTEGER PRIMARY KEY,
    topic TEXT NOT NULL
);

-- Every row changed counts (an UPDATE only of the columns the topic reads).
CREATE TRIGGER persons_visit_facts_ins AFTER INSERT ON persons
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER persons_visit_facts_upd AFTER UPDATE OF household_id, schooling, ill_chronic, ill_major, disabled, work_months, dibao, tekun, active ON persons
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER persons_visit_facts_del AFTER DELETE ON persons
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER households_visit_facts_ins AFTER INSERT ON households
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER households_visit_facts_upd AFTER UPDATE OF code, region_code, category, identified_month, eliminated ON households
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER households_visit_facts_del AFTER DELETE ON households
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER household_incomes_visit_facts_ins AFTER INSERT ON household_incomes
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER household_incomes_visit_facts_upd AFTER UPDATE ON household_incomes
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER household_incomes_visit_facts_del AFTER DELETE ON household_incomes
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_disability_visit_facts_ins AFTER INSERT ON feed_disability
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_disability_visit_facts_upd AFTER UPDATE ON feed_disability
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_disability_visit_facts_del AFTER DELETE ON feed_disability
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_employment_visit_facts_ins AFTER INSERT ON feed_employment
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_employment_visit_facts_upd AFTER UPDATE ON feed_employment
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_employment_visit_facts_del AFTER DELETE ON feed_employment
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_disaster_visit_facts_ins AFTER INSERT ON feed_disaster
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_disaster_visit_facts_upd AFTER UPDATE ON feed_disaster
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_disaster_visit_facts_del AFTER DELETE ON feed_disaster
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_death_visit_facts_ins AFTER INSERT ON feed_death
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_death_visit_facts_upd AFTER UPDATE ON feed_death
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_death_visit_facts_del AFTER DELETE ON feed_death
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER warnings_visit_facts_ins AFTER INSERT ON warnings
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER warnings_visit_facts_upd AFTER UPDATE OF household_id, status ON warnings
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER warnings_visit_facts_del AFTER DELETE ON warnings
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER visit_groups_visit_facts_ins AFTER INSERT ON visit_groups
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER visit_groups_visit_facts_upd AFTER UPDATE ON visit_groups
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER visit_groups_visit_facts_del AFTER DELETE ON visit_groups
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER monitoring_ranges_visit_facts_ins AFTER INSERT ON monitoring_ranges
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER monitoring_ranges_visit_facts_upd AFTER UPDATE ON monitoring_ranges
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER monitoring_ranges_visit_facts_del AFTER DELETE ON monitoring_ranges
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER visits_visit_visits_ins AFTER INSERT ON visits
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.visits'; END;
CREATE TRIGGER visits_visit_visits_upd AFTER UPDATE ON visits
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.visits'; END;
CREATE TRIGGER visits_visit_visits_del AFTER DELETE ON visits
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.visits'; END;

-- +goose Down
DROP TRIGGER persons_visit_facts_ins;
DROP TRIGGER persons_visit_facts_upd;
DROP TRIGGER persons_visit_facts_del;
DROP TRIGGER households_visit_facts_ins;
DROP TRIGGER households_visit_facts_upd;
DROP TRIGGER households_visit_facts_del;
DROP TRIGGER household_incomes_visit_facts_ins;
DROP TRIGGER household_incomes_visit_facts_upd;
DROP TRIGGER household_incomes_visit_facts_del;
DROP TRIGGER feed_disability_visit_facts_ins;
DROP TRIGGER feed_disability_visit_facts_upd;
DROP TRIGGER feed_disability_visit_facts_del;
DROP TRIGGER feed_employment_visit_facts_ins;
DROP TRIGGER feed_employment_visit_facts_upd;
DROP TRIGGER feed_employment_visit_facts_del;
DROP TRIGGER feed_disaster_visit_facts_ins;
DROP TRIGGER feed_disaster_visit_facts_upd;
DROP TRIGGER feed_disaster_visit_facts_del;
DROP TRIGGER feed_death_visit_facts_ins;
DROP TRIGGER feed_death_visit_facts_upd;
DROP TRIGGER feed_death_visit_facts_del;
DROP TRIGGER warnings_visit_facts_ins;
DROP TRIGGER warnings_visit_facts_upd;
DROP TRIGGER warnings_visit_facts_del;
DROP TRIGGER visit_groups_visit_facts_ins;
DROP TRIGGER visit_groups_visit_facts_upd;
DROP TRIGGER visit_groups_visit_facts_del;
DROP TRIGGER monitoring_ranges_visit_facts_ins;
DROP TRIGGER monitoring_ranges_visit_facts_upd;
DROP TRIGGER monitoring_ranges_visit_facts_del;
DROP TRIGGER visits_visit_visits_ins;
DROP TRIGGER visits_visit_visits_upd;
DROP TRIGGER visits_visit_visits_del;
DROP TABLE change_marks;
DROP TABLE change_counts;
