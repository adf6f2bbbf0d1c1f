-- +goose Up
-- The must-visit facts counted by village (docs/architecture.md,
-- "Remembered results"): a change to a household, a member, an income,
-- a warning or a department row of the four feeds the groups read counts
-- under "visit.facts@<the village's code>" instead of the one topic
-- visit.facts, so that a city's must-visit list recomputes only the
-- villages that changed. visit.facts still counts what applies across
-- villages (group settings, income lines) and, on PostgreSQL, a TRUNCATE.
-- A village's row is made by the first change there; the villages holding
-- households now get theirs here, so every village with a household has
-- one (visit.Lists reads a scope's villages from these rows).
-- postgres: ALTER TABLE change_counts ALTER COLUMN topic TYPE TEXT COLLATE "C";
-- (PostgreSQL: topics compared in byte order, as SQLite does, for the range of a region's villages)
INSERT INTO change_counts (topic, n) SELECT DISTINCT 'visit.facts@' || region_code, 0 FROM households;
CREATE INDEX change_marks_topic ON change_marks (topic);

-- PostgreSQL marks the villages of a statement's rows (its transition
-- table changed_rows: the new rows of an INSERT or UPDATE, the old rows of
-- an UPDATE or DELETE), once a transaction and village; the marks are
-- counted at commit, all at once and in the order of their topics, so two
-- transactions counting the same villages take the rows' locks in the
-- same order and cannot deadlock.
-- postgres: CREATE FUNCTION change_mark_regions() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO change_marks (topic) SELECT DISTINCT TG_ARGV[0] || '@' || c.region_code FROM changed_rows c WHERE NOT EXISTS (SELECT 1 FROM change_marks m WHERE m.topic = TG_ARGV[0] || '@' || c.region_code); RETURN NULL; END $$;
-- (PostgreSQL: marks the villages of the rows)
-- postgres: CREATE FUNCTION change_mark_persons() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO change_marks (topic) SELECT DISTINCT TG_ARGV[0] || '@' || p.region_code FROM changed_rows c JOIN persons p ON p.id = c.person_id WHERE NOT EXISTS (SELECT 1 FROM change_marks m WHERE m.topic = TG_ARGV[0] || '@' || p.region_code); RETURN NULL; END $$;
-- (PostgreSQL: marks the villages of the rows' persons)
-- postgres: CREATE OR REPLACE FUNCTION change_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF EXISTS (SELECT 1 FROM change_marks WHERE id = NEW.id) THEN INSERT INTO change_counts (topic, n) SELECT DISTINCT topic, 1 FROM change_marks ORDER BY topic ON CONFLICT (topic) DO UPDATE SET n = change_counts.n + 1; DELETE FROM change_marks; END IF; RETURN NULL; END $$;
-- (PostgreSQL: counts the transaction's marks at commit)

-- postgres: DROP TRIGGER persons_visit_facts_ins ON persons;
DROP TRIGGER persons_visit_facts_ins;
-- postgres: DROP TRIGGER persons_visit_facts_upd ON persons;
DROP TRIGGER persons_visit_facts_upd;
-- postgres: DROP TRIGGER persons_visit_facts_del ON persons;
DROP TRIGGER persons_visit_facts_del;
-- postgres: CREATE TRIGGER persons_visit_facts_ins AFTER INSERT ON persons REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER persons_visit_facts_ins AFTER INSERT ON persons
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || NEW.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER persons_visit_facts_upd AFTER UPDATE ON persons REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER persons_visit_facts_upd AFTER UPDATE OF household_id, region_code, schooling, ill_chronic, ill_major, disabled, work_months, dibao, tekun, active ON persons
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || OLD.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || NEW.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER persons_visit_facts_upd_old AFTER UPDATE ON persons REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER persons_visit_facts_del AFTER DELETE ON persons REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER persons_visit_facts_del AFTER DELETE ON persons
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || OLD.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER persons_visit_facts_trunc AFTER TRUNCATE ON persons FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
-- (PostgreSQL: a TRUNCATE counts for every village)
-- postgres: DROP TRIGGER households_visit_facts_ins ON households;
DROP TRIGGER households_visit_facts_ins;
-- postgres: DROP TRIGGER households_visit_facts_upd ON households;
DROP TRIGGER households_visit_facts_upd;
-- postgres: DROP TRIGGER households_visit_facts_del ON households;
DROP TRIGGER households_visit_facts_del;
-- postgres: CREATE TRIGGER households_visit_facts_ins AFTER INSERT ON households REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER households_visit_facts_ins AFTER INSERT ON households
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || NEW.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER households_visit_facts_upd AFTER UPDATE ON households REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER households_visit_facts_upd AFTER UPDATE OF code, region_code, category, identified_month, eliminated ON households
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || OLD.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || NEW.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER households_visit_facts_upd_old AFTER UPDATE ON households REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER households_visit_facts_del AFTER DELETE ON households REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER households_visit_facts_del AFTER DELETE ON households
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || OLD.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER households_visit_facts_trunc AFTER TRUNCATE ON households FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
-- (PostgreSQL: a TRUNCATE counts for every village)
-- postgres: DROP TRIGGER household_incomes_visit_facts_ins ON household_incomes;
DROP TRIGGER household_incomes_visit_facts_ins;
-- postgres: DROP TRIGGER household_incomes_visit_facts_upd ON household_incomes;
DROP TRIGGER household_incomes_visit_facts_upd;
-- postgres: DROP TRIGGER household_incomes_visit_facts_del ON household_incomes;
DROP TRIGGER household_incomes_visit_facts_del;
-- postgres: CREATE TRIGGER household_incomes_visit_facts_ins AFTER INSERT ON household_incomes REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER household_incomes_visit_facts_ins AFTER INSERT ON household_incomes
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || NEW.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER household_incomes_visit_facts_upd AFTER UPDATE ON household_incomes REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER household_incomes_visit_facts_upd AFTER UPDATE ON household_incomes
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || OLD.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || NEW.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER household_incomes_visit_facts_upd_old AFTER UPDATE ON household_incomes REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER household_incomes_visit_facts_del AFTER DELETE ON household_incomes REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER household_incomes_visit_facts_del AFTER DELETE ON household_incomes
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || OLD.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER household_incomes_visit_facts_trunc AFTER TRUNCATE ON household_incomes FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
-- (PostgreSQL: a TRUNCATE counts for every village)
-- postgres: DROP TRIGGER warnings_visit_facts_ins ON warnings;
DROP TRIGGER warnings_visit_facts_ins;
-- postgres: DROP TRIGGER warnings_visit_facts_upd ON warnings;
DROP TRIGGER warnings_visit_facts_upd;
-- postgres: DROP TRIGGER warnings_visit_facts_del ON warnings;
DROP TRIGGER warnings_visit_facts_del;
-- postgres: CREATE TRIGGER warnings_visit_facts_ins AFTER INSERT ON warnings REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER warnings_visit_facts_ins AFTER INSERT ON warnings
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || NEW.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER warnings_visit_facts_upd AFTER UPDATE ON warnings REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER warnings_visit_facts_upd AFTER UPDATE OF household_id, region_code, status ON warnings
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || OLD.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || NEW.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER warnings_visit_facts_upd_old AFTER UPDATE ON warnings REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER warnings_visit_facts_del AFTER DELETE ON warnings REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER warnings_visit_facts_del AFTER DELETE ON warnings
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_regions('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('visit.facts@' || OLD.region_code, 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER warnings_visit_facts_trunc AFTER TRUNCATE ON warnings FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
-- (PostgreSQL: a TRUNCATE counts for every village)
-- postgres: DROP TRIGGER feed_disability_visit_facts_ins ON feed_disability;
DROP TRIGGER feed_disability_visit_facts_ins;
-- postgres: DROP TRIGGER feed_disability_visit_facts_upd ON feed_disability;
DROP TRIGGER feed_disability_visit_facts_upd;
-- postgres: DROP TRIGGER feed_disability_visit_facts_del ON feed_disability;
DROP TRIGGER feed_disability_visit_facts_del;
-- postgres: CREATE TRIGGER feed_disability_visit_facts_ins AFTER INSERT ON feed_disability REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER feed_disability_visit_facts_ins AFTER INSERT ON feed_disability
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_disability_visit_facts_upd AFTER UPDATE ON feed_disability REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER feed_disability_visit_facts_upd AFTER UPDATE ON feed_disability
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_disability_visit_facts_upd_old AFTER UPDATE ON feed_disability REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER feed_disability_visit_facts_del AFTER DELETE ON feed_disability REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER feed_disability_visit_facts_del AFTER DELETE ON feed_disability
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_disability_visit_facts_trunc AFTER TRUNCATE ON feed_disability FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
-- (PostgreSQL: a TRUNCATE counts for every village)
-- postgres: DROP TRIGGER feed_employment_visit_facts_ins ON feed_employment;
DROP TRIGGER feed_employment_visit_facts_ins;
-- postgres: DROP TRIGGER feed_employment_visit_facts_upd ON feed_employment;
DROP TRIGGER feed_employment_visit_facts_upd;
-- postgres: DROP TRIGGER feed_employment_visit_facts_del ON feed_employment;
DROP TRIGGER feed_employment_visit_facts_del;
-- postgres: CREATE TRIGGER feed_employment_visit_facts_ins AFTER INSERT ON feed_employment REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER feed_employment_visit_facts_ins AFTER INSERT ON feed_employment
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_employment_visit_facts_upd AFTER UPDATE ON feed_employment REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER feed_employment_visit_facts_upd AFTER UPDATE ON feed_employment
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_employment_visit_facts_upd_old AFTER UPDATE ON feed_employment REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER feed_employment_visit_facts_del AFTER DELETE ON feed_employment REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER feed_employment_visit_facts_del AFTER DELETE ON feed_employment
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_employment_visit_facts_trunc AFTER TRUNCATE ON feed_employment FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
-- (PostgreSQL: a TRUNCATE counts for every village)
-- postgres: DROP TRIGGER feed_disaster_visit_facts_ins ON feed_disaster;
DROP TRIGGER feed_disaster_visit_facts_ins;
-- postgres: DROP TRIGGER feed_disaster_visit_facts_upd ON feed_disaster;
DROP TRIGGER feed_disaster_visit_facts_upd;
-- postgres: DROP TRIGGER feed_disaster_visit_facts_del ON feed_disaster;
DROP TRIGGER feed_disaster_visit_facts_del;
-- postgres: CREATE TRIGGER feed_disaster_visit_facts_ins AFTER INSERT ON feed_disaster REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER feed_disaster_visit_facts_ins AFTER INSERT ON feed_disaster
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_disaster_visit_facts_upd AFTER UPDATE ON feed_disaster REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER feed_disaster_visit_facts_upd AFTER UPDATE ON feed_disaster
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_disaster_visit_facts_upd_old AFTER UPDATE ON feed_disaster REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER feed_disaster_visit_facts_del AFTER DELETE ON feed_disaster REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER feed_disaster_visit_facts_del AFTER DELETE ON feed_disaster
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_disaster_visit_facts_trunc AFTER TRUNCATE ON feed_disaster FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
-- (PostgreSQL: a TRUNCATE counts for every village)
-- postgres: DROP TRIGGER feed_death_visit_facts_ins ON feed_death;
DROP TRIGGER feed_death_visit_facts_ins;
-- postgres: DROP TRIGGER feed_death_visit_facts_upd ON feed_death;
DROP TRIGGER feed_death_visit_facts_upd;
-- postgres: DROP TRIGGER feed_death_visit_facts_del ON feed_death;
DROP TRIGGER feed_death_visit_facts_del;
-- postgres: CREATE TRIGGER feed_death_visit_facts_ins AFTER INSERT ON feed_death REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER feed_death_visit_facts_ins AFTER INSERT ON feed_death
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_death_visit_facts_upd AFTER UPDATE ON feed_death REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER feed_death_visit_facts_upd AFTER UPDATE ON feed_death
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_death_visit_facts_upd_old AFTER UPDATE ON feed_death REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER feed_death_visit_facts_del AFTER DELETE ON feed_death REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER feed_death_visit_facts_del AFTER DELETE ON feed_death
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_persons('visit.facts');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'visit.facts@' || p.region_code, 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER feed_death_visit_facts_trunc AFTER TRUNCATE ON feed_death FOR EACH STATEMENT EXECUTE FUNCTION change_mark('visit.facts');
-- (PostgreSQL: a TRUNCATE counts for every village)

-- +goose Down
-- postgres: DROP TRIGGER persons_visit_facts_ins ON persons;
DROP TRIGGER persons_visit_facts_ins;
-- postgres: DROP TRIGGER persons_visit_facts_upd ON persons;
DROP TRIGGER persons_visit_facts_upd;
-- postgres: DROP TRIGGER persons_visit_facts_del ON persons;
DROP TRIGGER persons_visit_facts_del;
-- postgres: DROP TRIGGER persons_visit_facts_upd_old ON persons;
-- (PostgreSQL: persons_visit_facts_upd_old)
-- postgres: DROP TRIGGER persons_visit_facts_trunc ON persons;
-- (PostgreSQL: persons_visit_facts_trunc)
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
-- postgres: DROP TRIGGER households_visit_facts_ins ON households;
DROP TRIGGER households_visit_facts_ins;
-- postgres: DROP TRIGGER households_visit_facts_upd ON households;
DROP TRIGGER households_visit_facts_upd;
-- postgres: DROP TRIGGER households_visit_facts_del ON households;
DROP TRIGGER households_visit_facts_del;
-- postgres: DROP TRIGGER households_visit_facts_upd_old ON households;
-- (PostgreSQL: households_visit_facts_upd_old)
-- postgres: DROP TRIGGER households_visit_facts_trunc ON households;
-- (PostgreSQL: households_visit_facts_trunc)
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
-- postgres: DROP TRIGGER household_incomes_visit_facts_ins ON household_incomes;
DROP TRIGGER household_incomes_visit_facts_ins;
-- postgres: DROP TRIGGER household_incomes_visit_facts_upd ON household_incomes;
DROP TRIGGER household_incomes_visit_facts_upd;
-- postgres: DROP TRIGGER household_incomes_visit_facts_del ON household_incomes;
DROP TRIGGER household_incomes_visit_facts_del;
-- postgres: DROP TRIGGER household_incomes_visit_facts_upd_old ON household_incomes;
-- (PostgreSQL: household_incomes_visit_facts_upd_old)
-- postgres: DROP TRIGGER household_incomes_visit_facts_trunc ON household_incomes;
-- (PostgreSQL: household_incomes_visit_facts_trunc)
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
-- postgres: DROP TRIGGER warnings_visit_facts_ins ON warnings;
DROP TRIGGER warnings_visit_facts_ins;
-- postgres: DROP TRIGGER warnings_visit_facts_upd ON warnings;
DROP TRIGGER warnings_visit_facts_upd;
-- postgres: DROP TRIGGER warnings_visit_facts_del ON warnings;
DROP TRIGGER warnings_visit_facts_del;
-- postgres: DROP TRIGGER warnings_visit_facts_upd_old ON warnings;
-- (PostgreSQL: warnings_visit_facts_upd_old)
-- postgres: DROP TRIGGER warnings_visit_facts_trunc ON warnings;
-- (PostgreSQL: warnings_visit_facts_trunc)
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
-- postgres: DROP TRIGGER feed_disability_visit_facts_ins ON feed_disability;
DROP TRIGGER feed_disability_visit_facts_ins;
-- postgres: DROP TRIGGER feed_disability_visit_facts_upd ON feed_disability;
DROP TRIGGER feed_disability_visit_facts_upd;
-- postgres: DROP TRIGGER feed_disability_visit_facts_del ON feed_disability;
DROP TRIGGER feed_disability_visit_facts_del;
-- postgres: DROP TRIGGER feed_disability_visit_facts_upd_old ON feed_disability;
-- (PostgreSQL: feed_disability_visit_facts_upd_old)
-- postgres: DROP TRIGGER feed_disability_visit_facts_trunc ON feed_disability;
-- (PostgreSQL: feed_disability_visit_facts_trunc)
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
-- postgres: DROP TRIGGER feed_employment_visit_facts_ins ON feed_employment;
DROP TRIGGER feed_employment_visit_facts_ins;
-- postgres: DROP TRIGGER feed_employment_visit_facts_upd ON feed_employment;
DROP TRIGGER feed_employment_visit_facts_upd;
-- postgres: DROP TRIGGER feed_employment_visit_facts_del ON feed_employment;
DROP TRIGGER feed_employment_visit_facts_del;
-- postgres: DROP TRIGGER feed_employment_visit_facts_upd_old ON feed_employment;
-- (PostgreSQL: feed_employment_visit_facts_upd_old)
-- postgres: DROP TRIGGER feed_employment_visit_facts_trunc ON feed_employment;
-- (PostgreSQL: feed_employment_visit_facts_trunc)
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
-- postgres: DROP TRIGGER feed_disaster_visit_facts_ins ON feed_disaster;
DROP TRIGGER feed_disaster_visit_facts_ins;
-- postgres: DROP TRIGGER feed_disaster_visit_facts_upd ON feed_disaster;
DROP TRIGGER feed_disaster_visit_facts_upd;
-- postgres: DROP TRIGGER feed_disaster_visit_facts_del ON feed_disaster;
DROP TRIGGER feed_disaster_visit_facts_del;
-- postgres: DROP TRIGGER feed_disaster_visit_facts_upd_old ON feed_disaster;
-- (PostgreSQL: feed_disaster_visit_facts_upd_old)
-- postgres: DROP TRIGGER feed_disaster_visit_facts_trunc ON feed_disaster;
-- (PostgreSQL: feed_disaster_visit_facts_trunc)
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
-- postgres: DROP TRIGGER feed_death_visit_facts_ins ON feed_death;
DROP TRIGGER feed_death_visit_facts_ins;
-- postgres: DROP TRIGGER feed_death_visit_facts_upd ON feed_death;
DROP TRIGGER feed_death_visit_facts_upd;
-- postgres: DROP TRIGGER feed_death_visit_facts_del ON feed_death;
DROP TRIGGER feed_death_visit_facts_del;
-- postgres: DROP TRIGGER feed_death_visit_facts_upd_old ON feed_death;
-- (PostgreSQL: feed_death_visit_facts_upd_old)
-- postgres: DROP TRIGGER feed_death_visit_facts_trunc ON feed_death;
-- (PostgreSQL: feed_death_visit_facts_trunc)
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
-- postgres: CREATE OR REPLACE FUNCTION change_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = NEW.topic; DELETE FROM change_marks WHERE id = NEW.id; RETURN NULL; END $$;
-- (PostgreSQL: change_count as migration 00029 made it)
-- postgres: DROP FUNCTION change_mark_persons();
-- (PostgreSQL: change_mark_persons)
-- postgres: DROP FUNCTION change_mark_regions();
-- (PostgreSQL: change_mark_regions)
DROP INDEX change_marks_topic;
DELETE FROM change_counts WHERE topic LIKE 'visit.facts@%';
