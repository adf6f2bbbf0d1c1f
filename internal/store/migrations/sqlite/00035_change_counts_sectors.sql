-- +goose Up
-- The sectors block counted by county (docs/architecture.md, "Remembered
-- results"; stats.Sectors): a change to a household, a member, a household
-- change record (household_deltas), a monitoring record, a measure or its
-- update, a retrofit record, a person's move or a dropout follow-up counts
-- under "sectors@<the first 6 digits of the region code>", the county of the
-- row (of a household's row: of the household now; of a person's: of the
-- person now; a row moved: both counties), so that a city's block
-- recomputes only the counties that changed. The department feeds the
-- block reads count under the one topic sectors: an import covers every
-- county (one counter a row is the cheapest trigger for a million rows),
-- and so, on PostgreSQL, does a TRUNCATE. An update of a feed row counts
-- when it sets a column other than the household stamp, or stamps a row
-- stamped before: the import's first stamp (NULL to the person's
-- household, which the block took for a row without one) changes no
-- figure, and on SQLite a trigger a row would make the import dearer
-- (a column added to a feed table is added to its _upd trigger). A
-- county's row is made by its first change; the counties holding
-- households now get theirs here.
INSERT INTO change_counts (topic, n) VALUES ('sectors', 0);
INSERT INTO change_counts (topic, n) SELECT DISTINCT 'sectors@' || substr(region_code, 1, 6), 0 FROM households;

-- PostgreSQL marks the counties of a statement's rows, as migration 00034
-- marks villages: of the rows themselves, of their households now, or of
-- their persons now.
-- postgres: CREATE FUNCTION change_mark_counties() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO change_marks (topic) SELECT DISTINCT TG_ARGV[0] || '@' || substr(c.region_code, 1, 6) FROM changed_rows c WHERE NOT EXISTS (SELECT 1 FROM change_marks m WHERE m.topic = TG_ARGV[0] || '@' || substr(c.region_code, 1, 6)); RETURN NULL; END $$;
-- (PostgreSQL: marks the counties of the rows)
-- postgres: CREATE FUNCTION change_mark_household_counties() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO change_marks (topic) SELECT DISTINCT TG_ARGV[0] || '@' || substr(h.region_code, 1, 6) FROM changed_rows c JOIN households h ON h.id = c.household_id WHERE NOT EXISTS (SELECT 1 FROM change_marks m WHERE m.topic = TG_ARGV[0] || '@' || substr(h.region_code, 1, 6)); RETURN NULL; END $$;
-- (PostgreSQL: marks the counties of the rows' households)
-- postgres: CREATE FUNCTION change_mark_person_counties() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO change_marks (topic) SELECT DISTINCT TG_ARGV[0] || '@' || substr(p.region_code, 1, 6) FROM changed_rows c JOIN persons p ON p.id = c.person_id WHERE NOT EXISTS (SELECT 1 FROM change_marks m WHERE m.topic = TG_ARGV[0] || '@' || substr(p.region_code, 1, 6)); RETURN NULL; END $$;
-- (PostgreSQL: marks the counties of the rows' persons)

-- postgres: CREATE TRIGGER households_sectors_ins AFTER INSERT ON households REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER households_sectors_ins AFTER INSERT ON households
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(NEW.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER households_sectors_upd AFTER UPDATE ON households REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER households_sectors_upd AFTER UPDATE ON households
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(OLD.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(NEW.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER households_sectors_upd_old AFTER UPDATE ON households REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER households_sectors_del AFTER DELETE ON households REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER households_sectors_del AFTER DELETE ON households
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(OLD.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER households_sectors_trunc AFTER TRUNCATE ON households FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
-- (PostgreSQL: a TRUNCATE counts for every county)
-- postgres: CREATE TRIGGER persons_sectors_ins AFTER INSERT ON persons REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER persons_sectors_ins AFTER INSERT ON persons
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(NEW.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER persons_sectors_upd AFTER UPDATE ON persons REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER persons_sectors_upd AFTER UPDATE ON persons
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(OLD.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(NEW.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER persons_sectors_upd_old AFTER UPDATE ON persons REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER persons_sectors_del AFTER DELETE ON persons REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER persons_sectors_del AFTER DELETE ON persons
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(OLD.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER persons_sectors_trunc AFTER TRUNCATE ON persons FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
-- (PostgreSQL: a TRUNCATE counts for every county)
-- postgres: CREATE TRIGGER measures_sectors_ins AFTER INSERT ON measures REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER measures_sectors_ins AFTER INSERT ON measures
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(NEW.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER measures_sectors_upd AFTER UPDATE ON measures REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER measures_sectors_upd AFTER UPDATE ON measures
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(OLD.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(NEW.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER measures_sectors_upd_old AFTER UPDATE ON measures REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER measures_sectors_del AFTER DELETE ON measures REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER measures_sectors_del AFTER DELETE ON measures
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(OLD.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER measures_sectors_trunc AFTER TRUNCATE ON measures FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
-- (PostgreSQL: a TRUNCATE counts for every county)
-- postgres: CREATE TRIGGER measure_updates_sectors_ins AFTER INSERT ON measure_updates REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER measure_updates_sectors_ins AFTER INSERT ON measure_updates
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(NEW.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER measure_updates_sectors_upd AFTER UPDATE ON measure_updates REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER measure_updates_sectors_upd AFTER UPDATE ON measure_updates
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(OLD.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(NEW.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER measure_updates_sectors_upd_old AFTER UPDATE ON measure_updates REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER measure_updates_sectors_del AFTER DELETE ON measure_updates REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER measure_updates_sectors_del AFTER DELETE ON measure_updates
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) VALUES ('sectors@' || substr(OLD.region_code, 1, 6), 1) ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER measure_updates_sectors_trunc AFTER TRUNCATE ON measure_updates FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
-- (PostgreSQL: a TRUNCATE counts for every county)
-- postgres: CREATE TRIGGER household_deltas_sectors_ins AFTER INSERT ON household_deltas REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER household_deltas_sectors_ins AFTER INSERT ON household_deltas
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = NEW.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER household_deltas_sectors_upd AFTER UPDATE ON household_deltas REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER household_deltas_sectors_upd AFTER UPDATE ON household_deltas
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = OLD.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = NEW.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER household_deltas_sectors_upd_old AFTER UPDATE ON household_deltas REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER household_deltas_sectors_del AFTER DELETE ON household_deltas REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER household_deltas_sectors_del AFTER DELETE ON household_deltas
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = OLD.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER household_deltas_sectors_trunc AFTER TRUNCATE ON household_deltas FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
-- (PostgreSQL: a TRUNCATE counts for every county)
-- postgres: CREATE TRIGGER monitoring_history_sectors_ins AFTER INSERT ON monitoring_history REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER monitoring_history_sectors_ins AFTER INSERT ON monitoring_history
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = NEW.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER monitoring_history_sectors_upd AFTER UPDATE ON monitoring_history REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER monitoring_history_sectors_upd AFTER UPDATE ON monitoring_history
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = OLD.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = NEW.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER monitoring_history_sectors_upd_old AFTER UPDATE ON monitoring_history REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER monitoring_history_sectors_del AFTER DELETE ON monitoring_history REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER monitoring_history_sectors_del AFTER DELETE ON monitoring_history
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = OLD.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER monitoring_history_sectors_trunc AFTER TRUNCATE ON monitoring_history FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
-- (PostgreSQL: a TRUNCATE counts for every county)
-- postgres: CREATE TRIGGER retrofits_sectors_ins AFTER INSERT ON retrofits REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER retrofits_sectors_ins AFTER INSERT ON retrofits
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = NEW.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER retrofits_sectors_upd AFTER UPDATE ON retrofits REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER retrofits_sectors_upd AFTER UPDATE ON retrofits
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = OLD.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = NEW.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER retrofits_sectors_upd_old AFTER UPDATE ON retrofits REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER retrofits_sectors_del AFTER DELETE ON retrofits REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER retrofits_sectors_del AFTER DELETE ON retrofits
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_household_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(h.region_code, 1, 6), 1 FROM households h WHERE h.id = OLD.household_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER retrofits_sectors_trunc AFTER TRUNCATE ON retrofits FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
-- (PostgreSQL: a TRUNCATE counts for every county)
-- postgres: CREATE TRIGGER person_moves_sectors_ins AFTER INSERT ON person_moves REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER person_moves_sectors_ins AFTER INSERT ON person_moves
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_person_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(p.region_code, 1, 6), 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER person_moves_sectors_upd AFTER UPDATE ON person_moves REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER person_moves_sectors_upd AFTER UPDATE ON person_moves
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_person_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(p.region_code, 1, 6), 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(p.region_code, 1, 6), 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER person_moves_sectors_upd_old AFTER UPDATE ON person_moves REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_person_counties('sectors');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER person_moves_sectors_del AFTER DELETE ON person_moves REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER person_moves_sectors_del AFTER DELETE ON person_moves
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_person_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(p.region_code, 1, 6), 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER person_moves_sectors_trunc AFTER TRUNCATE ON person_moves FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
-- (PostgreSQL: a TRUNCATE counts for every county)
-- postgres: CREATE TRIGGER dropout_followups_sectors_ins AFTER INSERT ON dropout_followups REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER dropout_followups_sectors_ins AFTER INSERT ON dropout_followups
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_person_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(p.region_code, 1, 6), 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER dropout_followups_sectors_upd AFTER UPDATE ON dropout_followups REFERENCING NEW TABLE AS changed_rows
CREATE TRIGGER dropout_followups_sectors_upd AFTER UPDATE ON dropout_followups
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_person_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(p.region_code, 1, 6), 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(p.region_code, 1, 6), 1 FROM persons p WHERE p.id = NEW.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER dropout_followups_sectors_upd_old AFTER UPDATE ON dropout_followups REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION change_mark_person_counties('sectors');
-- (PostgreSQL: the rows before an update)
-- postgres: CREATE TRIGGER dropout_followups_sectors_del AFTER DELETE ON dropout_followups REFERENCING OLD TABLE AS changed_rows
CREATE TRIGGER dropout_followups_sectors_del AFTER DELETE ON dropout_followups
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark_person_counties('sectors');
    BEGIN INSERT INTO change_counts (topic, n) SELECT 'sectors@' || substr(p.region_code, 1, 6), 1 FROM persons p WHERE p.id = OLD.person_id ON CONFLICT (topic) DO UPDATE SET n = n + 1; END;
-- postgres: CREATE TRIGGER dropout_followups_sectors_trunc AFTER TRUNCATE ON dropout_followups FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
-- (PostgreSQL: a TRUNCATE counts for every county)
CREATE TRIGGER feed_education_sectors_ins AFTER INSERT ON feed_education
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_education_sectors_upd AFTER UPDATE OF file_id, row_no, person_id, id_idx, id_masked, stage, status, aid_item, aid_fen, day ON feed_education
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_education_sectors_stamp AFTER UPDATE OF household_id ON feed_education
CREATE TRIGGER feed_education_sectors_stamp AFTER UPDATE OF household_id ON feed_education WHEN OLD.household_id IS NOT NULL -- a first stamp changes no figure
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_education_sectors_del AFTER DELETE OR TRUNCATE ON feed_education
CREATE TRIGGER feed_education_sectors_del AFTER DELETE ON feed_education
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_medical_sectors_ins AFTER INSERT ON feed_medical
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_medical_sectors_upd AFTER UPDATE OF file_id, row_no, person_id, id_idx, id_masked, settled, total_fen, basic_fen, serious_fen, assist_fen, oop_fen, disease ON feed_medical
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_medical_sectors_stamp AFTER UPDATE OF household_id ON feed_medical
CREATE TRIGGER feed_medical_sectors_stamp AFTER UPDATE OF household_id ON feed_medical WHEN OLD.household_id IS NOT NULL -- a first stamp changes no figure
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_medical_sectors_del AFTER DELETE OR TRUNCATE ON feed_medical
CREATE TRIGGER feed_medical_sectors_del AFTER DELETE ON feed_medical
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_civil_sectors_ins AFTER INSERT ON feed_civil
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_civil_sectors_upd AFTER UPDATE OF file_id, row_no, person_id, id_idx, id_masked, aid_type, amount_fen, start_day, end_day, support ON feed_civil
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_civil_sectors_stamp AFTER UPDATE OF household_id ON feed_civil
CREATE TRIGGER feed_civil_sectors_stamp AFTER UPDATE OF household_id ON feed_civil WHEN OLD.household_id IS NOT NULL -- a first stamp changes no figure
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_civil_sectors_del AFTER DELETE OR TRUNCATE ON feed_civil
CREATE TRIGGER feed_civil_sectors_del AFTER DELETE ON feed_civil
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_housing_sectors_ins AFTER INSERT ON feed_housing
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_housing_sectors_upd AFTER UPDATE OF file_id, row_no, person_id, id_idx, id_masked, grade, assessed ON feed_housing
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_housing_sectors_stamp AFTER UPDATE OF household_id ON feed_housing
CREATE TRIGGER feed_housing_sectors_stamp AFTER UPDATE OF household_id ON feed_housing WHEN OLD.household_id IS NOT NULL -- a first stamp changes no figure
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_housing_sectors_del AFTER DELETE OR TRUNCATE ON feed_housing
CREATE TRIGGER feed_housing_sectors_del AFTER DELETE ON feed_housing
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_employment_sectors_ins AFTER INSERT ON feed_employment
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_employment_sectors_upd AFTER UPDATE OF file_id, row_no, person_id, id_idx, id_masked, status, place, months, day ON feed_employment
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_employment_sectors_stamp AFTER UPDATE OF household_id ON feed_employment
CREATE TRIGGER feed_employment_sectors_stamp AFTER UPDATE OF household_id ON feed_employment WHEN OLD.household_id IS NOT NULL -- a first stamp changes no figure
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_employment_sectors_del AFTER DELETE OR TRUNCATE ON feed_employment
CREATE TRIGGER feed_employment_sectors_del AFTER DELETE ON feed_employment
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_insurance_sectors_ins AFTER INSERT ON feed_insurance
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_insurance_sectors_upd AFTER UPDATE OF file_id, row_no, person_id, id_idx, id_masked, year, category, contrib_fen, subsidy_fen, day ON feed_insurance
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_insurance_sectors_stamp AFTER UPDATE OF household_id ON feed_insurance
CREATE TRIGGER feed_insurance_sectors_stamp AFTER UPDATE OF household_id ON feed_insurance WHEN OLD.household_id IS NOT NULL -- a first stamp changes no figure
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_insurance_sectors_del AFTER DELETE OR TRUNCATE ON feed_insurance
CREATE TRIGGER feed_insurance_sectors_del AFTER DELETE ON feed_insurance
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_doctor_sectors_ins AFTER INSERT ON feed_doctor
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
CREATE TRIGGER feed_doctor_sectors_upd AFTER UPDATE OF file_id, row_no, person_id, id_idx, id_masked, signed, team, end_day ON feed_doctor
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_doctor_sectors_stamp AFTER UPDATE OF household_id ON feed_doctor
CREATE TRIGGER feed_doctor_sectors_stamp AFTER UPDATE OF household_id ON feed_doctor WHEN OLD.household_id IS NOT NULL -- a first stamp changes no figure
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;
-- postgres: CREATE TRIGGER feed_doctor_sectors_del AFTER DELETE OR TRUNCATE ON feed_doctor
CREATE TRIGGER feed_doctor_sectors_del AFTER DELETE ON feed_doctor
    -- postgres: FOR EACH STATEMENT EXECUTE FUNCTION change_mark('sectors');
    BEGIN UPDATE change_counts SET n = n + 1 WHERE topic = 'sectors'; END;

-- +goose Down
-- postgres: DROP TRIGGER households_sectors_ins ON households;
DROP TRIGGER households_sectors_ins;
-- postgres: DROP TRIGGER households_sectors_upd ON households;
DROP TRIGGER households_sectors_upd;
-- postgres: DROP TRIGGER households_sectors_del ON households;
DROP TRIGGER households_sectors_del;
-- postgres: DROP TRIGGER households_sectors_upd_old ON households;
-- (PostgreSQL: households_sectors_upd_old)
-- postgres: DROP TRIGGER households_sectors_trunc ON households;
-- (PostgreSQL: households_sectors_trunc)
-- postgres: DROP TRIGGER persons_sectors_ins ON persons;
DROP TRIGGER persons_sectors_ins;
-- postgres: DROP TRIGGER persons_sectors_upd ON persons;
DROP TRIGGER persons_sectors_upd;
-- postgres: DROP TRIGGER persons_sectors_del ON persons;
DROP TRIGGER persons_sectors_del;
-- postgres: DROP TRIGGER persons_sectors_upd_old ON persons;
-- (PostgreSQL: persons_sectors_upd_old)
-- postgres: DROP TRIGGER persons_sectors_trunc ON persons;
-- (PostgreSQL: persons_sectors_trunc)
-- postgres: DROP TRIGGER measures_sectors_ins ON measures;
DROP TRIGGER measures_sectors_ins;
-- postgres: DROP TRIGGER measures_sectors_upd ON measures;
DROP TRIGGER measures_sectors_upd;
-- postgres: DROP TRIGGER measures_sectors_del ON measures;
DROP TRIGGER measures_sectors_del;
-- postgres: DROP TRIGGER measures_sectors_upd_old ON measures;
-- (PostgreSQL: measures_sectors_upd_old)
-- postgres: DROP TRIGGER measures_sectors_trunc ON measures;
-- (PostgreSQL: measures_sectors_trunc)
-- postgres: DROP TRIGGER measure_updates_sectors_ins ON measure_updates;
DROP TRIGGER measure_updates_sectors_ins;
-- postgres: DROP TRIGGER measure_updates_sectors_upd ON measure_updates;
DROP TRIGGER measure_updates_sectors_upd;
-- postgres: DROP TRIGGER measure_updates_sectors_del ON measure_updates;
DROP TRIGGER measure_updates_sectors_del;
-- postgres: DROP TRIGGER measure_updates_sectors_upd_old ON measure_updates;
-- (PostgreSQL: measure_updates_sectors_upd_old)
-- postgres: DROP TRIGGER measure_updates_sectors_trunc ON measure_updates;
-- (PostgreSQL: measure_updates_sectors_trunc)
-- postgres: DROP TRIGGER household_deltas_sectors_ins ON household_deltas;
DROP TRIGGER household_deltas_sectors_ins;
-- postgres: DROP TRIGGER household_deltas_sectors_upd ON household_deltas;
DROP TRIGGER household_deltas_sectors_upd;
-- postgres: DROP TRIGGER household_deltas_sectors_del ON household_deltas;
DROP TRIGGER household_deltas_sectors_del;
-- postgres: DROP TRIGGER household_deltas_sectors_upd_old ON household_deltas;
-- (PostgreSQL: household_deltas_sectors_upd_old)
-- postgres: DROP TRIGGER household_deltas_sectors_trunc ON household_deltas;
-- (PostgreSQL: household_deltas_sectors_trunc)
-- postgres: DROP TRIGGER monitoring_history_sectors_ins ON monitoring_history;
DROP TRIGGER monitoring_history_sectors_ins;
-- postgres: DROP TRIGGER monitoring_history_sectors_upd ON monitoring_history;
DROP TRIGGER monitoring_history_sectors_upd;
-- postgres: DROP TRIGGER monitoring_history_sectors_del ON monitoring_history;
DROP TRIGGER monitoring_history_sectors_del;
-- postgres: DROP TRIGGER monitoring_history_sectors_upd_old ON monitoring_history;
-- (PostgreSQL: monitoring_history_sectors_upd_old)
-- postgres: DROP TRIGGER monitoring_history_sectors_trunc ON monitoring_history;
-- (PostgreSQL: monitoring_history_sectors_trunc)
-- postgres: DROP TRIGGER retrofits_sectors_ins ON retrofits;
DROP TRIGGER retrofits_sectors_ins;
-- postgres: DROP TRIGGER retrofits_sectors_upd ON retrofits;
DROP TRIGGER retrofits_sectors_upd;
-- postgres: DROP TRIGGER retrofits_sectors_del ON retrofits;
DROP TRIGGER retrofits_sectors_del;
-- postgres: DROP TRIGGER retrofits_sectors_upd_old ON retrofits;
-- (PostgreSQL: retrofits_sectors_upd_old)
-- postgres: DROP TRIGGER retrofits_sectors_trunc ON retrofits;
-- (PostgreSQL: retrofits_sectors_trunc)
-- postgres: DROP TRIGGER person_moves_sectors_ins ON person_moves;
DROP TRIGGER person_moves_sectors_ins;
-- postgres: DROP TRIGGER person_moves_sectors_upd ON person_moves;
DROP TRIGGER person_moves_sectors_upd;
-- postgres: DROP TRIGGER person_moves_sectors_del ON person_moves;
DROP TRIGGER person_moves_sectors_del;
-- postgres: DROP TRIGGER person_moves_sectors_upd_old ON person_moves;
-- (PostgreSQL: person_moves_sectors_upd_old)
-- postgres: DROP TRIGGER person_moves_sectors_trunc ON person_moves;
-- (PostgreSQL: person_moves_sectors_trunc)
-- postgres: DROP TRIGGER dropout_followups_sectors_ins ON dropout_followups;
DROP TRIGGER dropout_followups_sectors_ins;
-- postgres: DROP TRIGGER dropout_followups_sectors_upd ON dropout_followups;
DROP TRIGGER dropout_followups_sectors_upd;
-- postgres: DROP TRIGGER dropout_followups_sectors_del ON dropout_followups;
DROP TRIGGER dropout_followups_sectors_del;
-- postgres: DROP TRIGGER dropout_followups_sectors_upd_old ON dropout_followups;
-- (PostgreSQL: dropout_followups_sectors_upd_old)
-- postgres: DROP TRIGGER dropout_followups_sectors_trunc ON dropout_followups;
-- (PostgreSQL: dropout_followups_sectors_trunc)
-- postgres: DROP TRIGGER feed_education_sectors_ins ON feed_education;
DROP TRIGGER feed_education_sectors_ins;
-- postgres: DROP TRIGGER feed_education_sectors_upd ON feed_education;
DROP TRIGGER feed_education_sectors_upd;
-- postgres: DROP TRIGGER feed_education_sectors_stamp ON feed_education;
DROP TRIGGER feed_education_sectors_stamp;
-- postgres: DROP TRIGGER feed_education_sectors_del ON feed_education;
DROP TRIGGER feed_education_sectors_del;
-- postgres: DROP TRIGGER feed_medical_sectors_ins ON feed_medical;
DROP TRIGGER feed_medical_sectors_ins;
-- postgres: DROP TRIGGER feed_medical_sectors_upd ON feed_medical;
DROP TRIGGER feed_medical_sectors_upd;
-- postgres: DROP TRIGGER feed_medical_sectors_stamp ON feed_medical;
DROP TRIGGER feed_medical_sectors_stamp;
-- postgres: DROP TRIGGER feed_medical_sectors_del ON feed_medical;
DROP TRIGGER feed_medical_sectors_del;
-- postgres: DROP TRIGGER feed_civil_sectors_ins ON feed_civil;
DROP TRIGGER feed_civil_sectors_ins;
-- postgres: DROP TRIGGER feed_civil_sectors_upd ON feed_civil;
DROP TRIGGER feed_civil_sectors_upd;
-- postgres: DROP TRIGGER feed_civil_sectors_stamp ON feed_civil;
DROP TRIGGER feed_civil_sectors_stamp;
-- postgres: DROP TRIGGER feed_civil_sectors_del ON feed_civil;
DROP TRIGGER feed_civil_sectors_del;
-- postgres: DROP TRIGGER feed_housing_sectors_ins ON feed_housing;
DROP TRIGGER feed_housing_sectors_ins;
-- postgres: DROP TRIGGER feed_housing_sectors_upd ON feed_housing;
DROP TRIGGER feed_housing_sectors_upd;
-- postgres: DROP TRIGGER feed_housing_sectors_stamp ON feed_housing;
DROP TRIGGER feed_housing_sectors_stamp;
-- postgres: DROP TRIGGER feed_housing_sectors_del ON feed_housing;
DROP TRIGGER feed_housing_sectors_del;
-- postgres: DROP TRIGGER feed_employment_sectors_ins ON feed_employment;
DROP TRIGGER feed_employment_sectors_ins;
-- postgres: DROP TRIGGER feed_employment_sectors_upd ON feed_employment;
DROP TRIGGER feed_employment_sectors_upd;
-- postgres: DROP TRIGGER feed_employment_sectors_stamp ON feed_employment;
DROP TRIGGER feed_employment_sectors_stamp;
-- postgres: DROP TRIGGER feed_employment_sectors_del ON feed_employment;
DROP TRIGGER feed_employment_sectors_del;
-- postgres: DROP TRIGGER feed_insurance_sectors_ins ON feed_insurance;
DROP TRIGGER feed_insurance_sectors_ins;
-- postgres: DROP TRIGGER feed_insurance_sectors_upd ON feed_insurance;
DROP TRIGGER feed_insurance_sectors_upd;
-- postgres: DROP TRIGGER feed_insurance_sectors_stamp ON feed_insurance;
DROP TRIGGER feed_insurance_sectors_stamp;
-- postgres: DROP TRIGGER feed_insurance_sectors_del ON feed_insurance;
DROP TRIGGER feed_insurance_sectors_del;
-- postgres: DROP TRIGGER feed_doctor_sectors_ins ON feed_doctor;
DROP TRIGGER feed_doctor_sectors_ins;
-- postgres: DROP TRIGGER feed_doctor_sectors_upd ON feed_doctor;
DROP TRIGGER feed_doctor_sectors_upd;
-- postgres: DROP TRIGGER feed_doctor_sectors_stamp ON feed_doctor;
DROP TRIGGER feed_doctor_sectors_stamp;
-- postgres: DROP TRIGGER feed_doctor_sectors_del ON feed_doctor;
DROP TRIGGER feed_doctor_sectors_del;
-- postgres: DROP FUNCTION change_mark_person_counties();
-- (PostgreSQL: change_mark_person_counties)
-- postgres: DROP FUNCTION change_mark_household_counties();
-- (PostgreSQL: change_mark_household_counties)
-- postgres: DROP FUNCTION change_mark_counties();
-- (PostgreSQL: change_mark_counties)
DELETE FROM change_counts WHERE topic = 'sectors' OR topic LIKE 'sectors@%';
