-- +goose Up
-- Change counters (store.ChangeCount): a row per topic whose count goes up
-- in every transaction that changes what the topic is computed from, as
-- part of that transaction, so that a result remembered under a count is
-- never older than the data the count stands for (docs/architecture.md,
-- "Remembered results"). visit.facts: what the must-visit groups are
-- judged from; visit.visits: the home visits (each household's last).
CREATE TABLE change_counts (
    topic TEXT PRIMARY KEY,
    n     BIGINT NOT NULL DEFAULT 0
);
INSERT INTO change_counts (topic, n) VALUES ('visit.facts', 0), ('visit.visits', 0);

-- SQLite, one writer at a time, counts every row changed, in the trigger.
-- PostgreSQL counts once a transaction and topic, at its commit: a
-- statement that changes a topic's table marks the topic (change_mark; a
-- transaction-local setting remembers the mark, and a rolled-back
-- savepoint undoes both), and the mark's deferred trigger counts it
-- (change_count). Taking the count's row lock last, at commit, cannot
-- deadlock with the rows a transaction changed before. SQLite never uses
-- the marks.
CREATE TABLE change_marks (
    id    INTEGER PRIMARY KEY,
    topic TEXT NOT NULL
);

-- postgres: CREATE FUNCTION change_mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF current_setting('fangpin.changed_' || replace(TG_ARGV[0], '.', '_'), true) IS DISTINCT FROM 'y' THEN PERFORM set_config('fangpin.changed_' || replace(TG_ARGV[0], '.', '_'), 'y', true); INSERT INTO change_marks (topic) VALUES (TG_ARGV[0]); END IF; RETURN NULL; END $$;
-- (PostgreSQL: marks a topic changed)
-- postgres: CREATE FUNCTION change_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = NEW.topic; DELETE FROM change_marks WHERE id = NEW.id; RETURN NULL; END $$;
-- (PostgreSQL: counts a mark at commit)
-- postgres: CREATE CONSTRAINT TRIGGER change_marks_count AFTER INSERT ON change_marks DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_count();
-- (PostgreSQL: the marks' deferred trigger)

-- The tables of each topic: an UPDATE counts when it sets a column the
-- topic reads.
CREATE TRIGGER persons_visit_facts_ins AFTER INSERT ON persons
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER persons_visit_facts_upd AFTER UPDATE OF household_id, schooling, ill_chronic, ill_major, disabled, work_months, dibao, tekun, active ON persons
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
-- postgres: CREATE TRIGGER persons_visit_facts_del AFTER DELETE OR TRUNCATE ON persons
CREATE TRIGGER persons_visit_facts_del AFTER DELETE ON persons
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER households_visit_facts_ins AFTER INSERT ON households
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER households_visit_facts_upd AFTER UPDATE OF code, region_code, category, identified_month, eliminated ON households
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
-- postgres: CREATE TRIGGER households_visit_facts_del AFTER DELETE OR TRUNCATE ON households
CREATE TRIGGER households_visit_facts_del AFTER DELETE ON households
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER household_incomes_visit_facts_ins AFTER INSERT ON household_incomes
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER household_incomes_visit_facts_upd AFTER UPDATE ON household_incomes
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
-- postgres: CREATE TRIGGER household_incomes_visit_facts_del AFTER DELETE OR TRUNCATE ON household_incomes
CREATE TRIGGER household_incomes_visit_facts_del AFTER DELETE ON household_incomes
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_disability_visit_facts_ins AFTER INSERT ON feed_disability
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_disability_visit_facts_upd AFTER UPDATE ON feed_disability
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
-- postgres: CREATE TRIGGER feed_disability_visit_facts_del AFTER DELETE OR TRUNCATE ON feed_disability
CREATE TRIGGER feed_disability_visit_facts_del AFTER DELETE ON feed_disability
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_employment_visit_facts_ins AFTER INSERT ON feed_employment
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_employment_visit_facts_upd AFTER UPDATE ON feed_employment
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
-- postgres: CREATE TRIGGER feed_employment_visit_facts_del AFTER DELETE OR TRUNCATE ON feed_employment
CREATE TRIGGER feed_employment_visit_facts_del AFTER DELETE ON feed_employment
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_disaster_visit_facts_ins AFTER INSERT ON feed_disaster
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_disaster_visit_facts_upd AFTER UPDATE ON feed_disaster
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
-- postgres: CREATE TRIGGER feed_disaster_visit_facts_del AFTER DELETE OR TRUNCATE ON feed_disaster
CREATE TRIGGER feed_disaster_visit_facts_del AFTER DELETE ON feed_disaster
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_death_visit_facts_ins AFTER INSERT ON feed_death
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER feed_death_visit_facts_upd AFTER UPDATE ON feed_death
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
-- postgres: CREATE TRIGGER feed_death_visit_facts_del AFTER DELETE OR TRUNCATE ON feed_death
CREATE TRIGGER feed_death_visit_facts_del AFTER DELETE ON feed_death
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER warnings_visit_facts_ins AFTER INSERT ON warnings
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER warnings_visit_facts_upd AFTER UPDATE OF household_id, status ON warnings
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
-- postgres: CREATE TRIGGER warnings_visit_facts_del AFTER DELETE OR TRUNCATE ON warnings
CREATE TRIGGER warnings_visit_facts_del AFTER DELETE ON warnings
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER visit_groups_visit_facts_ins AFTER INSERT ON visit_groups
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER visit_groups_visit_facts_upd AFTER UPDATE ON visit_groups
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
-- postgres: CREATE TRIGGER visit_groups_visit_facts_del AFTER DELETE OR TRUNCATE ON visit_groups
CREATE TRIGGER visit_groups_visit_facts_del AFTER DELETE ON visit_groups
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER monitoring_ranges_visit_facts_ins AFTER INSERT ON monitoring_ranges
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER monitoring_ranges_visit_facts_upd AFTER UPDATE ON monitoring_ranges
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
-- postgres: CREATE TRIGGER monitoring_ranges_visit_facts_del AFTER DELETE OR TRUNCATE ON monitoring_ranges
CREATE TRIGGER monitoring_ranges_visit_facts_del AFTER DELETE ON monitoring_ranges
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.facts'; END;
CREATE TRIGGER visits_visit_visits_ins AFTER INSERT ON visits
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.visits');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.visits'; END;
CREATE TRIGGER visits_visit_visits_upd AFTER UPDATE ON visits
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.visits');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.visits'; END;
-- postgres: CREATE TRIGGER visits_visit_visits_del AFTER DELETE OR TRUNCATE ON visits
CREATE TRIGGER visits_visit_visits_del AFTER DELETE ON visits
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.visits');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'visit.visits'; END;

-- +goose Down
-- postgres: DROP TRIGGER persons_visit_facts_ins ON persons;
DROP TRIGGER persons_visit_facts_ins;
-- postgres: DROP TRIGGER persons_visit_facts_upd ON persons;
DROP TRIGGER persons_visit_facts_upd;
-- postgres: DROP TRIGGER persons_visit_facts_del ON persons;
DROP TRIGGER persons_visit_facts_del;
-- postgres: DROP TRIGGER households_visit_facts_ins ON households;
DROP TRIGGER households_visit_facts_ins;
-- postgres: DROP TRIGGER households_visit_facts_upd ON households;
DROP TRIGGER households_visit_facts_upd;
-- postgres: DROP TRIGGER households_visit_facts_del ON households;
DROP TRIGGER households_visit_facts_del;
-- postgres: DROP TRIGGER household_incomes_visit_facts_ins ON household_incomes;
DROP TRIGGER household_incomes_visit_facts_ins;
-- postgres: DROP TRIGGER household_incomes_visit_facts_upd ON household_incomes;
DROP TRIGGER household_incomes_visit_facts_upd;
-- postgres: DROP TRIGGER household_incomes_visit_facts_del ON household_incomes;
DROP TRIGGER household_incomes_visit_facts_del;
-- postgres: DROP TRIGGER feed_disability_visit_facts_ins ON feed_disability;
DROP TRIGGER feed_disability_visit_facts_ins;
-- postgres: DROP TRIGGER feed_disability_visit_facts_upd ON feed_disability;
DROP TRIGGER feed_disability_visit_facts_upd;
-- postgres: DROP TRIGGER feed_disability_visit_facts_del ON feed_disability;
DROP TRIGGER feed_disability_visit_facts_del;
-- postgres: DROP TRIGGER feed_employment_visit_facts_ins ON feed_employment;
DROP TRIGGER feed_employment_visit_facts_ins;
-- postgres: DROP TRIGGER feed_employment_visit_facts_upd ON feed_employment;
DROP TRIGGER feed_employment_visit_facts_upd;
-- postgres: DROP TRIGGER feed_employment_visit_facts_del ON feed_employment;
DROP TRIGGER feed_employment_visit_facts_del;
-- postgres: DROP TRIGGER feed_disaster_visit_facts_ins ON feed_disaster;
DROP TRIGGER feed_disaster_visit_facts_ins;
-- postgres: DROP TRIGGER feed_disaster_visit_facts_upd ON feed_disaster;
DROP TRIGGER feed_disaster_visit_facts_upd;
-- postgres: DROP TRIGGER feed_disaster_visit_facts_del ON feed_disaster;
DROP TRIGGER feed_disaster_visit_facts_del;
-- postgres: DROP TRIGGER feed_death_visit_facts_ins ON feed_death;
DROP TRIGGER feed_death_visit_facts_ins;
-- postgres: DROP TRIGGER feed_death_visit_facts_upd ON feed_death;
DROP TRIGGER feed_death_visit_facts_upd;
-- postgres: DROP TRIGGER feed_death_visit_facts_del ON feed_death;
DROP TRIGGER feed_death_visit_facts_del;
-- postgres: DROP TRIGGER warnings_visit_facts_ins ON warnings;
DROP TRIGGER warnings_visit_facts_ins;
-- postgres: DROP TRIGGER warnings_visit_facts_upd ON warnings;
DROP TRIGGER warnings_visit_facts_upd;
-- postgres: DROP TRIGGER warnings_visit_facts_del ON warnings;
DROP TRIGGER warnings_visit_facts_del;
-- postgres: DROP TRIGGER visit_groups_visit_facts_ins ON visit_groups;
DROP TRIGGER visit_groups_visit_facts_ins;
-- postgres: DROP TRIGGER visit_groups_visit_facts_upd ON visit_groups;
DROP TRIGGER visit_groups_visit_facts_upd;
-- postgres: DROP TRIGGER visit_groups_visit_facts_del ON visit_groups;
DROP TRIGGER visit_groups_visit_facts_del;
-- postgres: DROP TRIGGER monitoring_ranges_visit_facts_ins ON monitoring_ranges;
DROP TRIGGER monitoring_ranges_visit_facts_ins;
-- postgres: DROP TRIGGER monitoring_ranges_visit_facts_upd ON monitoring_ranges;
DROP TRIGGER monitoring_ranges_visit_facts_upd;
-- postgres: DROP TRIGGER monitoring_ranges_visit_facts_del ON monitoring_ranges;
DROP TRIGGER monitoring_ranges_visit_facts_del;
-- postgres: DROP TRIGGER visits_visit_visits_ins ON visits;
DROP TRIGGER visits_visit_visits_ins;
-- postgres: DROP TRIGGER visits_visit_visits_upd ON visits;
DROP TRIGGER visits_visit_visits_upd;
-- postgres: DROP TRIGGER visits_visit_visits_del ON visits;
DROP TRIGGER visits_visit_visits_del;
-- postgres: DROP TRIGGER change_marks_count ON change_marks;
-- (PostgreSQL: the marks' trigger)
-- postgres: DROP FUNCTION change_count();
-- (PostgreSQL: change_count)
-- postgres: DROP FUNCTION change_mark();
-- (PostgreSQL: change_mark)
DROP TABLE change_marks;
DROP TABLE change_counts;
