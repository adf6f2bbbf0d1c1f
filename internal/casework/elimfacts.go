package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/incomeline"
	"fangpin/internal/store"
)

// EliminationCheck decides the elimination criteria of a household of the
// scope as of asOf (see Evaluate and Facts): a household outside the scope
// is store.ErrNotFound.
func EliminationCheck(ctx context.Context, q store.Querier, scope store.Scope, householdID int64, asOf time.Time) (Check, error) {
	h, err := household(ctx, q, scope, householdID)
	if err != nil {
		return Check{}, err
	}
	f, err := readFacts(ctx, q, h, asOf)
	if err != nil {
		return Check{}, fmt.Errorf("casework: elimination check of household %s: %w", h.code, err)
	}
	return Evaluate(h.id, f, asOf), nil
}

// readFacts reads the facts of a household already found in the scope.
func readFacts(ctx context.Context, q store.Querier, h householdRow, asOf time.Time) (Facts, error) {
	var f Facts
	var err error
	if f.Start, f.Remarked, err = monitoringStart(ctx, q, h); err != nil {
		return f, err
	}
	if err := f.readIncome(ctx, q, h, asOf); err != nil {
		return f, err
	}
	if err := f.readWarnings(ctx, q, h.id); err != nil {
		return f, err
	}
	f.Uninsured, err = store.Values[string](ctx, q, "casework: uninsured members", `SELECT name FROM persons WHERE household_id = ? AND active = 1
		AND medical_insured = 0 ORDER BY id`, h.id)
	if err != nil {
		return f, err
	}
	if err := f.readVisit(ctx, q, h.id, civil.DateOf(asOf).String()); err != nil {
		return f, err
	}
	f.OpenCases, err = store.Values[int64](ctx, q, "casework: open cases", `SELECT id FROM cases WHERE household_id = ? AND purpose = ? AND outcome = ''
		ORDER BY id`, h.id, string(PurposeIdentification))
	return f, err
}

// monitoringStart is the day the household's current monitoring began:
// the identification day (identified_on when it agrees with the month, else
// the month's first day), or the first day of the month it was re-marked in
// when that is later and the household is not eliminated now.
func monitoringStart(ctx context.Context, q store.Querier, h householdRow) (string, bool, error) {
	if h.identified == 0 {
		return "", false, nil
	}
	var on sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT identified_on FROM households WHERE id = ?", h.id).Scan(&on); err != nil {
		return "", false, err
	}
	start := monthStart(h.identified)
	if d, err := civil.ParseISO(on.String); err == nil && int64(d.Month()) == h.identified {
		start = on.String
	}
	if !h.eliminated && h.mark != 0 && monthStart(h.mark) > start {
		return monthStart(h.mark), true, nil
	}
	return start, false, nil
}

func monthStart(m int64) string { return civil.Month(m).First().String() }

// readIncome reads the latest 人均纯收入 of a year up to asOf's and the
// monitoring range of that year for the household's village.
func (f *Facts) readIncome(ctx context.Context, q store.Querier, h householdRow, asOf time.Time) error {
	err := q.QueryRowContext(ctx, `SELECT year, per_capita_fen FROM household_incomes WHERE household_id = ? AND year <= ?
		ORDER BY year DESC LIMIT 1`, h.id, asOf.In(civil.Zone).Year()).Scan(&f.IncomeYear, &f.IncomeFen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	line, err := incomeline.Lookup(ctx, q, h.region, f.IncomeYear)
	f.LineFen = line.Fen
	return err
}

// readWarnings sorts the household's open warnings: those on 三保障, and
// those created since the monitoring began.
func (f *Facts) readWarnings(ctx context.Context, q store.Querier, id int64) error {
	since := ""
	if d, err := civil.ParseISO(f.Start); err == nil {
		since = store.Stamp(d.Time())
	}
	return store.Each(ctx, q, "casework: open warnings", func(rows store.Scanner) error {
		var rule, created string
		if err := rows.Scan(&rule, &created); err != nil {
			return err
		}
		for _, r := range problemRules {
			if rule == r {
				f.ProblemRules = append(f.ProblemRules, rule)
			}
		}
		if since != "" && created >= since {
			f.NewWarnings = append(f.NewWarnings, rule)
		}
		return nil
	}, "SELECT rule, created_at FROM warnings WHERE household_id = ? AND status = 'open' ORDER BY id", id)
}

// readVisit reads the latest visit up to today and its problems on the
// GuaranteeItems.
func (f *Facts) readVisit(ctx context.Context, q store.Querier, id int64, today string) error {
	var visit int64
	err := q.QueryRowContext(ctx, `SELECT id, visited_on FROM visits WHERE household_id = ? AND visited_on <= ?
		ORDER BY visited_on DESC, id DESC LIMIT 1`, id, today).Scan(&visit, &f.VisitDay)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	args := []any{visit}
	for _, it := range GuaranteeItems {
		args = append(args, it)
	}
	f.VisitProblems, err = store.Values[string](ctx, q, "casework: visit problems", `SELECT label FROM visit_checks WHERE visit_id = ? AND status = 'problem'
		AND item IN `+store.Placeholders(1, len(GuaranteeItems))+` ORDER BY position`, args...)
	return err
}
