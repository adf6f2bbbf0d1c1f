package dropout

import (
	"context"
	"fmt"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Entry is a line of the dropout list: a current member of a household of
// the scope with an education row saying 辍学 or a follow-up.
type Entry struct {
	PersonID      int64
	Name          string
	IDMasked      string
	IDEnc         []byte // the sealed ID number, for an export in full (opened by the caller with the keys)
	Birth         civil.Date
	HouseholdID   int64
	HouseholdCode string
	Region        string
	Stage         string     // 学段 of the latest education row
	Status        string     // 在校状态 of the latest education row
	StatusDay     civil.Date // its date
	Compulsory    bool       // counted in education.dropouts_compulsory today: 6–15 and latest row 辍学
	DropoutRow    int64      // the latest education row saying 辍学, to open a follow-up from
	Followup      Followup   // ID 0: none yet (no steps read)
	StepCount     int
}

// List lists the dropouts and follow-ups of scope (of household hh only
// when not 0), by village and household, as of today.
func List(ctx context.Context, q store.Querier, scope store.Scope, today civil.Date, hh int64) ([]Entry, error) {
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return nil, err
	}
	if hh != 0 {
		where += " AND h.id = ?"
		args = append(args, hh)
	}
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.name, p.id_masked, p.id_enc, p.birth_date, h.id, h.code, h.region_code,
		coalesce(f.id, 0), coalesce(f.responsible, ''), coalesce(f.opened_on, ''), coalesce(f.outcome, ''),
		coalesce(f.outcome_on, ''), (SELECT count(*) FROM dropout_followup_steps s WHERE s.followup_id = f.id)
		FROM persons p JOIN households h ON h.id = p.household_id LEFT JOIN dropout_followups f ON f.person_id = p.id
		WHERE p.active = 1 AND `+where+` AND (f.id IS NOT NULL OR p.id IN
		(SELECT e.person_id FROM feed_education e WHERE e.status = '辍学'))
		ORDER BY h.region_code, h.code, p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("dropout: list: %w", err)
	}
	var out []Entry
	for rows.Next() {
		var e Entry
		var birth, opened, outcomeOn string
		if err := rows.Scan(&e.PersonID, &e.Name, &e.IDMasked, &e.IDEnc, &birth, &e.HouseholdID, &e.HouseholdCode, &e.Region,
			&e.Followup.ID, &e.Followup.Responsible, &opened, &e.Followup.Outcome, &outcomeOn, &e.StepCount); err != nil {
			rows.Close()
			return nil, fmt.Errorf("dropout: list: %w", err)
		}
		e.Birth, _ = civil.ParseISO(birth)
		if e.Followup.ID != 0 {
			e.Followup.PersonID, e.Followup.HouseholdID, e.Followup.Region = e.PersonID, e.HouseholdID, e.Region
			if e.Followup.Opened, e.Followup.OutcomeOn, err = days(opened, outcomeOn); err != nil {
				rows.Close()
				return nil, fmt.Errorf("dropout: list: %w", err)
			}
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("dropout: list: %w", err)
	}
	return out, latest(ctx, q, out, today)
}

// latest fills each entry's latest education row on or before today (by
// date, then the row stored last, as education.dropouts_compulsory takes
// it) and whether that makes them a compulsory-age dropout.
func latest(ctx context.Context, q store.Querier, es []Entry, today civil.Date) error {
	at := map[int64]int{}
	for i, e := range es {
		at[e.PersonID] = i
	}
	for start := 0; start < len(es); start += 500 {
		chunk := es[start:min(start+500, len(es))]
		args := []any{int(today)}
		for _, e := range chunk {
			args = append(args, e.PersonID)
		}
		rows, err := q.QueryContext(ctx, `SELECT person_id, stage, status, day, out_id FROM (SELECT e.person_id, e.stage, e.status,
			e.day, row_number() OVER (PARTITION BY e.person_id ORDER BY e.day DESC, e.id DESC) AS n,
			max(CASE WHEN e.status = '辍学' THEN e.id ELSE 0 END) OVER (PARTITION BY e.person_id) AS out_id
			FROM feed_education e WHERE e.day <= ? AND e.person_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)) x WHERE n = 1`, args...)
		if err != nil {
			return fmt.Errorf("dropout: latest rows: %w", err)
		}
		for rows.Next() {
			var pid int64
			var stage, status string
			var day int
			var out int64
			if err := rows.Scan(&pid, &stage, &status, &day, &out); err != nil {
				rows.Close()
				return fmt.Errorf("dropout: latest rows: %w", err)
			}
			e := &es[at[pid]]
			e.Stage, e.Status, e.StatusDay, e.DropoutRow = stage, strings.TrimSpace(status), civil.Date(day), out
			age := civil.AgeOn(e.Birth, today)
			e.Compulsory = e.Status == "辍学" && e.Birth != 0 && age >= 6 && age <= 15
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("dropout: latest rows: %w", err)
		}
	}
	return nil
}
