package survey

import (
	"context"
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

// compute gathers the figures of scope s as of asOf.
func compute(ctx context.Context, db *store.DB, scope store.Scope, code string, asOf time.Time, set Settings) (*Figures, error) {
	o, err := stats.Compute(ctx, db, scope, code, asOf)
	if err != nil {
		return nil, err
	}
	s, err := scope.Narrow(code)
	if err != nil {
		return nil, err
	}
	q := db.Reader()
	f := &Figures{Overview: o}
	hs, err := stats.MonitoredAt(ctx, q, s, asOf)
	if err != nil {
		return nil, err
	}
	month := registry.MonthOf(asOf)
	monitored := map[int64]bool{}
	for _, h := range hs {
		if stats.EliminatedAt(h.Row, month) {
			continue
		}
		monitored[h.ID] = true
		f.Monitored.Households++
		f.Monitored.Persons += h.Members
		if hasRisk(h.RiskTypes, "因病") {
			f.IllnessRisk.Households++
			f.IllnessRisk.Persons += h.Members
		}
	}
	if f.Measures, err = countMeasures(ctx, q, s, asOf); err != nil {
		return nil, err
	}
	if f.Income, err = incomes(ctx, q, s, asOf, monitored, set.IncomeMarginPct); err != nil {
		return nil, err
	}
	if f.OverdueCases, f.OverdueSelfReports, err = casework.CountOverdue(ctx, q, s, asOf); err != nil {
		return nil, err
	}
	return f, nil
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

// incomes places the scope's 脱贫户 (their type and village now) and the
// households monitored at asOf against the monitoring line.
func incomes(ctx context.Context, q store.Querier, s store.Scope, asOf time.Time, monitored map[int64]bool, marginPct int) (Income, error) {
	where, args, err := s.Where("h.region_code")
	if err != nil {
		return Income{}, err
	}
	year := asOf.Year()
	type latest struct {
		region    string
		year      int
		fen       int64
		hasIncome bool
	}
	pop := map[int64]*latest{}
	read := func(cond string, condArgs ...any) error {
		rows, err := q.QueryContext(ctx, `SELECT h.id, h.region_code, i.year, i.per_capita_fen
			FROM households h LEFT JOIN household_incomes i ON i.household_id = h.id AND i.year <= ?
			WHERE `+cond+` AND `+where, append(append([]any{year}, condArgs...), args...)...)
		if err != nil {
			return fmt.Errorf("survey: incomes: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var region string
			var y *int
			var fen *int64
			if err := rows.Scan(&id, &region, &y, &fen); err != nil {
				return fmt.Errorf("survey: incomes: %w", err)
			}
			if cond != typeCond && !monitored[id] {
				continue
			}
			l := pop[id]
			if l == nil {
				l = &latest{region: region}
				pop[id] = l
			}
			if y != nil && fen != nil && (!l.hasIncome || *y > l.year) {
				l.year, l.fen, l.hasIncome = *y, *fen, true
			}
		}
		return rows.Err()
	}
	if err := read(typeCond, registry.TypeFormerlyPoor); err != nil {
		return Income{}, err
	}
	if len(monitored) > 0 {
		if err := read("h.identified_month IS NOT NULL"); err != nil {
			return Income{}, err
		}
	}
	lines, err := incomeline.Load(ctx, q, s, year)
	if err != nil {
		return Income{}, err
	}
	in := Income{MarginPct: marginPct}
	for _, l := range pop {
		if !l.hasIncome {
			in.Missing++
			continue
		}
		in.Households++
		line := lines.Fen(l.region, l.year)
		switch {
		case l.fen <= line:
			in.NotAbove++
		case 100*l.fen <= int64(100+marginPct)*line:
			in.JustAbove++
		default:
			in.Above++
		}
	}
	return in, nil
}

// typeCond selects the households of a type.
const typeCond = "h.type = ?"
