package registry

import (
	"context"
	"database/sql"
	"fmt"

	"fangpin/internal/region"
	"fangpin/internal/store"
)

// storedPerson is the stored state of a person that an import compares with.
type storedPerson struct {
	id, household                                 int64
	region, name, sex, birth, relation, ethnicity string
	education, schooling, health, skill, place    string
	chronic, major, disabled, active              int
	phoneIdx                                      sql.NullString
	workMonths, dibao, tekun, insured             sql.NullInt64
}

const personCols = "household_id, region_code, county, id_idx, id_enc, id_masked, name, sex, birth_date, relation, " +
	"ethnicity, education, schooling, health, ill_chronic, ill_major, disabled, labour_skill, work_months, " +
	"work_place, phone_enc, phone_idx, phone_masked, dibao, tekun, medical_insured, active, created_at, updated_at"

func (w *writer) upsertPersons(ctx context.Context) error {
	existing, err := w.loadPersons(ctx)
	if err != nil {
		return err
	}
	var inserts []*pendingPerson
	for i := range w.persons {
		p := &w.persons[i]
		e, ok := existing[p.idx]
		if !ok {
			inserts = append(inserts, p)
			continue
		}
		if err := w.updatePerson(ctx, e, p); err != nil {
			return err
		}
	}
	step := w.insertStep(len(inserts))
	for start := 0; start < len(inserts); start += step {
		if err := w.insertPersons(ctx, inserts[start:min(start+step, len(inserts))]); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) loadPersons(ctx context.Context) (map[string]*storedPerson, error) {
	out := make(map[string]*storedPerson, len(w.persons))
	if w.fresh {
		return out, nil
	}
	for start := 0; start < len(w.persons); start += 500 {
		chunk := w.persons[start:min(start+500, len(w.persons))]
		idx := make([]any, len(chunk))
		for i, p := range chunk {
			idx[i] = p.idx
		}
		rows, err := w.tx.QueryContext(ctx, `SELECT id, id_idx, household_id, region_code, name, sex, birth_date,
			relation, ethnicity, education, schooling, health, ill_chronic, ill_major, disabled, labour_skill,
			work_months, work_place, phone_idx, dibao, tekun, medical_insured, active
			FROM persons WHERE id_idx IN (`+qs(len(idx))+")", idx...)
		if err != nil {
			return nil, fmt.Errorf("registry: load persons: %w", err)
		}
		for rows.Next() {
			var e storedPerson
			var key string
			if err := rows.Scan(&e.id, &key, &e.household, &e.region, &e.name, &e.sex, &e.birth, &e.relation,
				&e.ethnicity, &e.education, &e.schooling, &e.health, &e.chronic, &e.major, &e.disabled, &e.skill,
				&e.workMonths, &e.place, &e.phoneIdx, &e.dibao, &e.tekun, &e.insured, &e.active); err != nil {
				rows.Close()
				return nil, err
			}
			out[key] = &e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func eqInt(n sql.NullInt64, v any) bool {
	if v == nil {
		return !n.Valid
	}
	return n.Valid && fmt.Sprint(n.Int64) == fmt.Sprint(v)
}

func (w *writer) updatePerson(ctx context.Context, e *storedPerson, p *pendingPerson) error {
	if !w.im.scope.Contains(e.region) {
		return fmt.Errorf("第%d行：证件号码已登记在您管辖范围以外的农户中，不能在此导入", p.row)
	}
	w.touched = append(w.touched, e.id)
	hid := w.householdID(p.code, p.hid)
	place := p.region
	f := &p.f
	phoneIdx := p.phoneIdx
	health := p.health
	same := e.household == hid && e.region == place && e.name == f.Name && e.sex == f.Sex && e.birth == f.BirthDate &&
		e.relation == f.Relation && e.ethnicity == f.Ethnicity && e.education == f.Education &&
		e.schooling == f.Schooling && e.health == health && e.chronic == store.Bool01(f.Chronic) && e.major == store.Bool01(f.Major) &&
		e.disabled == store.Bool01(f.Disabled) && e.skill == f.LabourSkill && eqInt(e.workMonths, ni(f.WorkMonths)) &&
		e.place == f.WorkPlace && e.phoneIdx.String == phoneIdx && eqInt(e.dibao, nb(f.Dibao)) &&
		eqInt(e.tekun, nb(f.Tekun)) && eqInt(e.insured, nb(f.Insured)) && e.active == 1
	if same {
		w.res.PersonsUnchanged++
		return nil
	}
	if e.household != hid {
		w.moved[e.household] = true
	}
	w.res.PersonsUpdated++
	enc, idx, masked := p.phone()
	_, err := w.tx.ExecContext(ctx, `UPDATE persons SET household_id = ?, region_code = ?, county = ?, name = ?, sex = ?,
		birth_date = ?, relation = ?, ethnicity = ?, education = ?, schooling = ?, health = ?, ill_chronic = ?,
		ill_major = ?, disabled = ?, labour_skill = ?, work_months = ?, work_place = ?, phone_enc = ?, phone_idx = ?,
		phone_masked = ?, dibao = ?, tekun = ?, medical_insured = ?, active = 1, left_at = NULL, updated_at = ?
		WHERE id = ?`, hid, place, region.County(place), f.Name, f.Sex, f.BirthDate, f.Relation, f.Ethnicity, f.Education, f.Schooling,
		health, store.Bool01(f.Chronic), store.Bool01(f.Major), store.Bool01(f.Disabled), f.LabourSkill, ni(f.WorkMonths), f.WorkPlace, enc, idx,
		masked, nb(f.Dibao), nb(f.Tekun), nb(f.Insured), w.now, e.id)
	if err != nil {
		return fmt.Errorf("registry: update person (row %d): %w", p.row, err)
	}
	return nil
}

// phone returns the stored forms of the person's phone (all nil when none).
func (p *pendingPerson) phone() (enc []byte, idx any, masked string) {
	if p.f.Phone == "" {
		return nil, nil, ""
	}
	return p.phoneEnc, p.phoneIdx, p.phoneMasked
}

func (w *writer) insertPersons(ctx context.Context, ps []*pendingPerson) error {
	args := make([]any, 0, len(ps)*29)
	for _, p := range ps {
		f := &p.f
		enc, idx, masked := p.phone()
		args = append(args, w.householdID(p.code, p.hid), p.region, region.County(p.region), p.idx, p.idEnc, p.idMasked,
			f.Name, f.Sex, f.BirthDate, f.Relation, f.Ethnicity, f.Education, f.Schooling, p.health,
			store.Bool01(f.Chronic), store.Bool01(f.Major), store.Bool01(f.Disabled), f.LabourSkill, ni(f.WorkMonths), f.WorkPlace, enc, idx,
			masked, nb(f.Dibao), nb(f.Tekun), nb(f.Insured), 1, w.now, w.now)
	}
	q := "INSERT INTO persons (" + personCols + ") VALUES " + store.Placeholders(len(ps), 29)
	if w.fresh { // nothing to compare with later: skip RETURNING, it costs a fifth of the insert
		if err := w.insertNew(ctx, "persons", personCols, args); err != nil {
			return fmt.Errorf("registry: insert persons: %w", err)
		}
		w.res.PersonsInserted += len(ps)
		return nil
	}
	st, err := w.stmt(ctx, store.Rebind(w.tx.Dialect(), q+" RETURNING id"))
	if err != nil {
		return fmt.Errorf("registry: insert persons: %w", err)
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("registry: insert persons: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		w.touched = append(w.touched, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("registry: insert persons: %w", err)
	}
	w.res.PersonsInserted += len(ps)
	return nil
}
