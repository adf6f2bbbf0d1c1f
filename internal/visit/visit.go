// Package visit keeps the must-visit lists (六必访) and the home visits
// that work them (走访, with the 六必查 checklist). The groups on the list
// are computed from data, never typed: incomes, illness, 特困 and 低保,
// disability, schooling, migrant work, disasters and deaths, department
// warnings. Both the groups and the checklist are settings per region (the
// most specific region wins), because counties word them differently. A
// visit may open a case (casework) for a risk it finds.
package visit

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Answer is a visit's answer to one checklist item.
type Answer struct {
	Item    string `json:"item"`
	Label   string `json:"label"`
	Problem bool   `json:"problem"`
	Note    string `json:"note"`
}

// Visit is one home visit. The fields under "input" are read by Record
// only.
type Visit struct {
	ID          int64    `json:"id"`
	HouseholdID int64    `json:"household_id"`
	Region      string   `json:"region_code"`
	Date        string   `json:"date"`    // YYYY-MM-DD
	Visitor     string   `json:"visitor"` // the visitor's name; Record takes the user's when empty
	UserID      int64    `json:"user_id"`
	Answers     []Answer `json:"answers"`
	Findings    string   `json:"findings"`
	PhotoCount  int      `json:"photos"`
	CaseID      int64    `json:"case_id"` // the case opened from the visit, 0 when none
	CreatedAt   string   `json:"created_at"`

	// input
	Photos   [][]byte     `json:"-"` // JPEG or PNG files; metadata is stripped
	PhotoDir string       `json:"-"` // where photos are kept (DATA/visits); required with Photos
	OpenCase *CaseRequest `json:"-"` // open a case for a risk the visit found
}

// Visits returns the visits of a household of the scope, the latest first,
// with their answers in checklist order (none for a household outside it).
func Visits(ctx context.Context, q store.Querier, scope store.Scope, householdID int64) ([]Visit, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, household_id, region_code, visited_on, visitor, user_id, findings, photos,
		case_id, created_at FROM visits WHERE household_id = ? AND `+where+" ORDER BY visited_on DESC, id DESC",
		append([]any{householdID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("visit: visits of household %d: %w", householdID, err)
	}
	var out []Visit
	at := map[int64]int{}
	for rows.Next() {
		v, err := scanVisit(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("visit: visits of household %d: %w", householdID, err)
		}
		at[v.ID] = len(out)
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	return out, answers(ctx, q, householdID, out, at)
}

// scanVisit reads the visit columns, then into extra any columns after them.
func scanVisit(s store.Scanner, extra ...any) (Visit, error) {
	var v Visit
	var user, caseID sql.NullInt64
	err := s.Scan(append([]any{&v.ID, &v.HouseholdID, &v.Region, &v.Date, &v.Visitor, &user, &v.Findings, &v.PhotoCount,
		&caseID, &v.CreatedAt}, extra...)...)
	v.UserID, v.CaseID = user.Int64, caseID.Int64
	return v, err
}

// answers fills in the checklist answers of a household's visits, found in
// the caller's scope.
func answers(ctx context.Context, q store.Querier, householdID int64, out []Visit, at map[int64]int) error {
	return store.Each(ctx, q, fmt.Sprintf("visit: answers of household %d", householdID), func(rows store.Scanner) error {
		var id int64
		var a Answer
		var status string
		if err := rows.Scan(&id, &a.Item, &a.Label, &status, &a.Note); err != nil {
			return err
		}
		a.Problem = status == statusProblem
		if i, ok := at[id]; ok {
			out[i].Answers = append(out[i].Answers, a)
		}
		return nil
	}, `SELECT c.visit_id, c.item, c.label, c.status, c.note FROM visit_checks c
		JOIN visits v ON v.id = c.visit_id WHERE v.household_id = ? ORDER BY c.visit_id, c.position`, householdID)
}

// LastVisits returns the day of the last visit on or before asOf of every
// visited household in region (a 12-digit code inside the scope, "" for the
// whole scope).
func LastVisits(ctx context.Context, q store.Querier, scope store.Scope, region string, asOf time.Time) (map[int64]string, error) {
	where, args, err := scope.NarrowWhere(region, "region_code")
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	err = store.Each(ctx, q, "visit: last visits", func(rows store.Scanner) error {
		var id int64
		var d string
		if err := rows.Scan(&id, &d); err != nil {
			return err
		}
		out[id] = d
		return nil
	}, `SELECT household_id, max(visited_on) FROM visits WHERE visited_on <= ? AND `+where+
		" GROUP BY household_id", append([]any{civil.DateOf(asOf).String()}, args...)...)
	return out, err
}

// Find returns one visit of the scope with its answers; one outside it is
// store.ErrNotFound.
func Find(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Visit, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return Visit{}, err
	}
	v, err := scanVisit(q.QueryRowContext(ctx, `SELECT id, household_id, region_code, visited_on, visitor, user_id,
		findings, photos, case_id, created_at FROM visits WHERE id = ? AND `+where, append([]any{id}, args...)...))
	if err = store.Found(err, fmt.Sprintf("visit: visit %d", id)); err != nil {
		return Visit{}, err
	}
	out := []Visit{v}
	err = answers(ctx, q, v.HouseholdID, out, map[int64]int{v.ID: 0})
	return out[0], err
}
