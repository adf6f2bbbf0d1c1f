package survey

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"fangpin/internal/casework"
	"fangpin/internal/incomeline"
	"fangpin/internal/monitoring"
	"fangpin/internal/registry"
	"fangpin/internal/stats"
	"fangpin/internal/store"
)

// Figures are every number the report states (docs/survey.md). The
// overview is stats.Compute's, the very object of `stats --json`.
type Figures struct {
	Overview *stats.Overview
	// Monitored: households monitored at as_of (identified by then, risk
	// not standing eliminated), with their members of as_of.
	Monitored stats.Count
	// IllnessRisk: of Monitored, those whose risk types include 因病.
	IllnessRisk stats.Count
	Measures    Measures
	Income      Income
	// OverdueCases: cases of every source overdue at as_of, of which
	// OverdueSelfReports were opened from a self-report.
	OverdueCases, OverdueSelfReports int
}

// Measures are the assistance measures counting at as_of: not cancelled and
// started on or before it.
type Measures struct {
	Count, Households int
	AmountFen         int64
}

// Income places 脱贫户 and households monitored at as_of by their latest
// 人均纯收入 of a year up to as_of's year against that year's monitoring
// line for their village.
type Income struct {
	Households int // with an income recorded
	NotAbove   int // income ≤ line
	JustAbove  int // line < income ≤ line × (100 + margin) / 100
	Above      int // the rest
	Missing    int // no income recorded
	MarginPct  int
}

// Low is the households not above the line or just above it.
func (i Income) Low() int { return i.NotAbove + i.JustAbove }

// compute gathers the figures of scope s as of asOf. The incomes of the
// 脱贫户, the longest read, are counted meanwhile on another connection.
func compute(ctx context.Context, db *store.DB, scope store.Scope, code string, asOf time.Time, set Settings) (*Figures, error) {
	s, err := scope.Narrow(code)
	if err != nil {
		return nil, err
	}
	q := db.Reader()
	poor := make(chan incomeResult, 1)
	go func() {
		in, lines, err := poorIncomes(ctx, q, s, asOf, set.IncomeMarginPct)
		poor <- incomeResult{in, lines, err}
	}()
	f, monitored, err := monitoringFigures(ctx, db, scope, s, code, asOf)
	p := <-poor
	if err != nil {
		return nil, err
	}
	if p.err != nil {
		return nil, p.err
	}
	f.Income = p.in
	if err := monitoredIncomes(ctx, q, asOf.Year(), monitored, &f.Income, p.lines); err != nil {
		return nil, err
	}
	return f, nil
}

// incomeResult is poorIncomes' answer.
type incomeResult struct {
	in    Income
	lines *incomeline.Table
	err   error
}

// monitoringFigures computes the overview and the figures of the monitored
// households, measures and cases; it returns the households monitored at
// asOf.
func monitoringFigures(ctx context.Context, db *store.DB, scope, s store.Scope, code string, asOf time.Time) (*Figures, []int64, error) {
	o, err := stats.Compute(ctx, db, scope, code, asOf)
	if err != nil {
		return nil, nil, err
	}
	q := db.Reader()
	f := &Figures{Overview: o}
	hs, err := stats.MonitoredAt(ctx, q, s, asOf)
	if err != nil {
		return nil, nil, err
	}
	month := registry.MonthOf(asOf)
	var monitored []int64
	for _, h := range hs {
		if stats.EliminatedAt(h.Row, month) {
			continue
		}
		monitored = append(monitored, h.ID)
		f.Monitored.Households++
		f.Monitored.Persons += h.Members
		if hasRisk(h.RiskTypes, "因病") {
			f.IllnessRisk.Households++
			f.IllnessRisk.Persons += h.Members
		}
	}
	if f.Measures, err = countMeasures(ctx, q, s, asOf); err != nil {
		return nil, nil, err
	}
	if f.OverdueCases, f.OverdueSelfReports, err = casework.CountOverdue(ctx, q, s, asOf); err != nil {
		return nil, nil, err
	}
	return f, monitored, nil
}

// hasRisk reports whether a risk type's base (without a bracketed sub-type)
// is base.
func hasRisk(risks []string, base string) bool {
	for _, r := range risks {
		r = strings.TrimSpace(r)
		if i := strings.IndexAny(r, "(（"); i > 0 {
			r = r[:i]
		}
		if r == base {
			return true
		}
	}
	return false
}

// countMeasures counts the measures of the scope counting at asOf.
func countMeasures(ctx context.Context, q store.Querier, s store.Scope, asOf time.Time) (Measures, error) {
	where, args, err := s.Where("region_code")
	if err != nil {
		return Measures{}, err
	}
	var m Measures
	err = q.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT household_id), COALESCE(sum(amount_fen), 0)
		FROM measures WHERE status <> ? AND start_on <= ? AND `+where,
		append([]any{string(monitoring.StatusCancelled), asOf.Format(time.DateOnly)}, args...)...).Scan(
		&m.Count, &m.Households, &m.AmountFen)
	if err != nil {
		return Measures{}, fmt.Errorf("survey: measures: %w", err)
	}
	return m, nil
}

// place counts one household's income against the line of its village and
// year: not above it, or just above it (the rest is counted as the
// remainder).
func (in *Income) place(lines *incomeline.Table, region string, year int, fen int64) {
	line := lines.Fen(region, year)
	switch {
	case fen <= line:
		in.NotAbove++
	case 100*fen <= int64(100+in.MarginPct)*line:
		in.JustAbove++
	}
}

// poorIncomes places the scope's 脱贫户 (their type and village now) by
// their latest income of a year up to asOf's against the monitoring line,
// counted in SQL by village, year and income, where only an income that may
// be low (not above the highest line plus the margin) keeps its own row. It
// returns the lines it read.
func poorIncomes(ctx context.Context, q store.Querier, s store.Scope, asOf time.Time, marginPct int) (Income, *incomeline.Table, error) {
	where, args, err := s.Where("h.region_code")
	if err != nil {
		return Income{}, nil, err
	}
	year := asOf.Year()
	lines, err := incomeline.Load(ctx, q, s, year)
	if err != nil {
		return Income{}, nil, err
	}
	in := Income{MarginPct: marginPct}
	bound := lines.Highest() * int64(100+marginPct) / 100 // an income above it is above every line's margin
	rows, err := q.QueryContext(ctx, `SELECT h.region_code, i.year, CASE WHEN i.per_capita_fen <= ? THEN i.per_capita_fen ELSE -1 END, count(*)
		FROM households h LEFT JOIN household_incomes i ON i.household_id = h.id AND i.year <= ?
			AND NOT EXISTS (SELECT 1 FROM household_incomes j WHERE j.household_id = i.household_id AND j.year > i.year AND j.year <= ?)
		WHERE h.type = ? AND `+where+` GROUP BY 1, 2, 3`,
		append([]any{bound, year, year, registry.TypeFormerlyPoor}, args...)...)
	if err != nil {
		return Income{}, nil, fmt.Errorf("survey: incomes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var region string
		var y, fen sql.NullInt64
		var n int
		if err := rows.Scan(&region, &y, &fen, &n); err != nil {
			return Income{}, nil, fmt.Errorf("survey: incomes: %w", err)
		}
		if !y.Valid { // no income up to asOf's year
			in.Missing += n
			continue
		}
		in.Households += n
		for range n {
			if fen.Int64 >= 0 {
				in.place(lines, region, int(y.Int64), fen.Int64)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return Income{}, nil, fmt.Errorf("survey: incomes: %w", err)
	}
	in.Above = in.Households - in.NotAbove - in.JustAbove
	return in, lines, nil
}

// idChunk is how many household ids one query names.
const idChunk = 500

// monitoredIncomes adds the households monitored at asOf that are not
// 脱贫户, read by id (the ids come from the scoped MonitoredAt).
func monitoredIncomes(ctx context.Context, q store.Querier, year int, monitored []int64, in *Income, lines *incomeline.Table) error {
	type latest struct {
		region string
		year   int
		fen    int64
	}
	byID := map[int64]*latest{}
	for len(monitored) > 0 {
		ids := monitored[:min(idChunk, len(monitored))]
		monitored = monitored[len(ids):]
		args := []any{year, registry.TypeFormerlyPoor}
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := q.QueryContext(ctx, `SELECT h.id, h.region_code, i.year, i.per_capita_fen
			FROM households h LEFT JOIN household_incomes i ON i.household_id = h.id AND i.year <= ?
			WHERE h.type <> ? AND h.id IN `+store.Placeholders(1, len(ids)), args...)
		if err != nil {
			return fmt.Errorf("survey: incomes: %w", err)
		}
		for rows.Next() {
			var id int64
			var region string
			var y, fen sql.NullInt64
			if err := rows.Scan(&id, &region, &y, &fen); err != nil {
				rows.Close()
				return fmt.Errorf("survey: incomes: %w", err)
			}
			l := byID[id]
			if l == nil {
				l = &latest{region: region}
				byID[id] = l
			}
			if y.Valid && fen.Valid && int(y.Int64) > l.year {
				l.year, l.fen = int(y.Int64), fen.Int64
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("survey: incomes: %w", err)
		}
	}
	for _, l := range byID {
		if l.year == 0 {
			in.Missing++
			continue
		}
		in.Households++
		before := in.Low()
		in.place(lines, l.region, l.year, l.fen)
		if in.Low() == before {
			in.Above++
		}
	}
	return nil
}
