package monitoring

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"fangpin/internal/fault"
	"fangpin/internal/store"
)

const measureCols = "m.id, m.household_id, m.region_code, m.type, m.subtype, m.owner, m.owner_user_id, m.start_on, " +
	"m.due_on, m.status, m.amount_fen, m.notes, m.continues_after_exit, m.created_by, m.created_at, m.updated_at"

func scanMeasure(s store.Scanner, extra ...any) (Measure, error) {
	var m Measure
	var owner sql.NullInt64
	var status string
	var cont int
	err := s.Scan(append([]any{&m.ID, &m.HouseholdID, &m.Region, &m.Type, &m.Subtype, &m.Owner, &owner, &m.StartOn,
		&m.DueOn, &status, &m.AmountFen, &m.Notes, &cont, &m.CreatedBy, &m.CreatedAt, &m.UpdatedAt}, extra...)...)
	m.OwnerUserID, m.Status, m.ContinuesAfterExit = owner.Int64, Status(status), cont == 1
	return m, err
}

// FindMeasure returns a measure of the scope with its progress; one outside
// the scope is store.ErrNotFound.
func FindMeasure(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Measure, error) {
	ms, err := measures(ctx, q, scope, "m.id = ?", id)
	if err != nil {
		return Measure{}, err
	}
	if len(ms) == 0 {
		return Measure{}, fmt.Errorf("monitoring: measure %d: %w", id, store.ErrNotFound)
	}
	return ms[0], nil
}

// Measures returns the plan of a household of the scope: its measures by
// start date, each with its progress.
func Measures(ctx context.Context, q store.Querier, scope store.Scope, householdID int64) ([]Measure, error) {
	return measures(ctx, q, scope, "m.household_id = ?", householdID)
}

// measures reads the scope's measures matching cond (one ? for arg) and
// their updates, in two queries.
func measures(ctx context.Context, q store.Querier, scope store.Scope, cond string, arg int64) ([]Measure, error) {
	where, args, err := scope.Where("m.region_code")
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, "SELECT "+measureCols+" FROM measures m WHERE "+cond+" AND "+where+
		" ORDER BY m.start_on, m.id", append([]any{arg}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("monitoring: measures: %w", err)
	}
	var out []Measure
	index := map[int64]int{}
	for rows.Next() {
		m, err := scanMeasure(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("monitoring: measures: %w", err)
		}
		index[m.ID] = len(out)
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	return out, addUpdates(ctx, q, where, args, cond, arg, out, index)
}

func addUpdates(ctx context.Context, q store.Querier, where string, args []any, cond string, arg int64, ms []Measure,
	index map[int64]int) error {
	return store.Each(ctx, q, "monitoring: measure progress", func(rows store.Scanner) error {
		var u Update
		var status string
		if err := rows.Scan(&u.ID, &u.MeasureID, &u.On, &status, &u.Note, &u.By, &u.At); err != nil {
			return err
		}
		u.StatusAfter = Status(status)
		if i, ok := index[u.MeasureID]; ok {
			ms[i].Updates = append(ms[i].Updates, u)
		}
		return nil
	}, `SELECT u.id, u.measure_id, u.on_date, u.status_after, u.note, u.by_name, u.at
		FROM measure_updates u JOIN measures m ON m.id = u.measure_id WHERE `+cond+" AND "+where+
		" ORDER BY u.on_date, u.id", append([]any{arg}, args...)...)
}

// Due is a measure not done by its due date, with its household.
type Due struct {
	Measure
	HouseholdCode, HeadName string
	Overdue                 bool // due before asOf
}

// DueMeasures lists the scope's measures still planned or in progress whose
// due date is on or before asOf plus withinDays (0: due today or overdue),
// the earliest due first.
func DueMeasures(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time, withinDays int) ([]Due, error) {
	if withinDays < 0 || withinDays > 366 {
		return nil, fault.Invalidf("within", "天数应在0到366之间", "The number of days must be between 0 and 366")
	}
	where, args, err := scope.Where("m.region_code")
	if err != nil {
		return nil, err
	}
	today, until := asOf.Format(time.DateOnly), asOf.AddDate(0, 0, withinDays).Format(time.DateOnly)
	return store.Collect(ctx, q, "monitoring: due measures", func(rows store.Scanner) (Due, error) {
		var d Due
		m, err := scanMeasure(rows, &d.HouseholdCode, &d.HeadName)
		if err != nil {
			return d, err
		}
		d.Measure, d.Overdue = m, m.DueOn < today
		return d, nil
	}, "SELECT "+measureCols+`, h.code, COALESCE((SELECT p.name FROM persons p
		WHERE p.household_id = h.id AND p.active = 1 AND p.relation = '户主' LIMIT 1), '')
		FROM measures m JOIN households h ON h.id = m.household_id
		WHERE m.status IN ('planned', 'in_progress') AND m.due_on <= ? AND `+where+" ORDER BY m.due_on, m.id",
		append([]any{until}, args...)...)
}
