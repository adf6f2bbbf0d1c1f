package monitoring

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// plans are households' facts and their measures (cancelled ones left out),
// as the fit checks need them.
type plans struct {
	facts    []Facts
	measures map[int64][]Measure
}

// labourNeed says for which households loadPlans finds out whether they
// have labour.
type labourNeed int

const (
	labourAll     labourNeed = iota // every household: the checks shown to users
	labourOverdue                   // those without a development measure: the figures (no other can be overdue)
)

// monitoredSQL is Facts.MonitoredAt in SQL, for a month given three times:
// identified by then, and the risk not standing eliminated then (most
// households ever monitored have left; the partial index holds them all).
const monitoredSQL = `h.identified_month IS NOT NULL AND h.identified_month <= ? AND NOT (h.eliminated_month IS NOT NULL
	AND h.eliminated_month <= ? AND (h.eliminated = 1 OR COALESCE(h.remarked_month, 0) > ?))`

// labourSQL: a current member has labour, written as the persons_labour
// index's condition so that both engines use that small partial index, and
// as a scalar subquery rather than EXISTS: PostgreSQL, without statistics
// (right after an import), would otherwise hash every member with labour
// of the country instead of probing a few thousand households.
const labourSQL = `(SELECT 1 FROM persons p WHERE p.household_id = h.id AND p.active = 1
	AND p.labour_skill IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力') LIMIT 1) IS NOT NULL`

// developmentSQL: a development measure not cancelled has started by a day.
var developmentSQL = `EXISTS (SELECT 1 FROM measures m WHERE m.household_id = h.id AND m.status <> 'cancelled'
	AND m.start_on <= ? AND m.type IN ('` + strings.Join(developmentTypes(), "', '") + `'))`

func developmentTypes() []string {
	var out []string
	for _, t := range catalogue {
		if t.Development {
			out = append(out, t.Name)
		}
	}
	return out
}

// labourColumn is the facts' labour flag (1 or 0) and its arguments.
func labourColumn(need labourNeed, asOf time.Time) (string, []any) {
	if need == labourOverdue {
		return "CASE WHEN NOT " + developmentSQL + " AND " + labourSQL + " THEN 1 ELSE 0 END", []any{civil.FromYMD(asOf.Date()).String()}
	}
	return "CASE WHEN " + labourSQL + " THEN 1 ELSE 0 END", nil
}

// loadPlans reads the facts and measures of the scope's households
// monitored in asOf's month (householdID 0), or of one household whatever
// its state, without what only people need (see describe). The scope
// filter is built once, here, and every query selects through it. The
// queries read the partial indexes of monitored households and of members
// with labour: per household, one index entry and a probe or two.
func loadPlans(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time, householdID int64,
	need labourNeed) (plans, error) {
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return plans{}, err
	}
	if householdID != 0 {
		where, args = "h.id = ? AND "+where, append([]any{householdID}, args...)
	} else {
		month := asOf.Year()*100 + int(asOf.Month())
		where = monitoredSQL + " AND " + where
		args = append([]any{month, month, month}, args...)
	}
	p := plans{measures: map[int64][]Measure{}}
	labour, largs := labourColumn(need, asOf)
	if p.facts, err = loadFacts(ctx, q, labour, where, append(largs, args...)); err != nil {
		return plans{}, err
	}
	if err := p.loadMeasures(ctx, q, where, args); err != nil {
		return plans{}, err
	}
	if need == labourOverdue {
		return p, nil
	}
	return p, p.loadWithoutLabour(ctx, q)
}

// loadFacts reads the monitoring state the checks need, in region and code
// order; describe adds the rest for the households shown.
func loadFacts(ctx context.Context, q store.Querier, labour, where string, args []any) ([]Facts, error) {
	return store.Collect(ctx, q, "monitoring: monitored households", scanFacts,
		`SELECT h.id, h.members, h.risk_types, h.identified_month, h.identified_on,
		h.eliminated, h.eliminated_month, h.remarked_month, `+labour+` FROM households h WHERE `+where+
			" ORDER BY h.region_code, h.code", args...)
}

func scanFacts(rows store.Scanner) (Facts, error) {
	var f Facts
	var risks string
	var ident, elim, mark sql.NullInt64
	var on sql.NullString
	var flag, lab int
	if err := rows.Scan(&f.HouseholdID, &f.Members, &risks, &ident, &on, &flag, &elim, &mark, &lab); err != nil {
		return f, err
	}
	if risks != "" {
		f.RiskTypes = strings.Split(risks, ",")
	}
	f.IdentifiedMonth, f.IdentifiedOn, f.Eliminated = int(ident.Int64), on.String, flag == 1
	f.EliminatedMonth, f.RemarkedMonth = int(elim.Int64), int(mark.Int64)
	f.Labour, f.LabourKnown = lab == 1, lab == 1
	return f, nil
}

func (p plans) byID() map[int64]*Facts {
	m := make(map[int64]*Facts, len(p.facts))
	for i := range p.facts {
		m[p.facts[i].HouseholdID] = &p.facts[i]
	}
	return m
}

// loadWithoutLabour reads, for the households without labour (few), whether
// any member's 劳动技能 is recorded and whether one has 低保 or 特困供养.
func (p plans) loadWithoutLabour(ctx context.Context, q store.Querier) error {
	var ids []int64
	for _, f := range p.facts {
		if !f.Labour {
			ids = append(ids, f.HouseholdID)
		}
	}
	byID := p.byID()
	return eachChunk(ids, func(in string, args []any) error {
		return store.Each(ctx, q, "monitoring: members of households without labour", func(rows store.Scanner) error {
			var id int64
			var known, net int
			if err := rows.Scan(&id, &known, &net); err != nil {
				return err
			}
			byID[id].LabourKnown, byID[id].SafetyNetPresent = known == 1, net == 1
			return nil
		}, `SELECT household_id, max(CASE WHEN labour_skill <> '' THEN 1 ELSE 0 END),
			max(CASE WHEN dibao = 1 OR tekun = 1 THEN 1 ELSE 0 END) FROM persons
			WHERE active = 1 AND household_id IN `+in+" GROUP BY household_id", args...)
	})
}

// loadMeasures adds the households' measures that are not cancelled.
func (p plans) loadMeasures(ctx context.Context, q store.Querier, where string, args []any) error {
	return store.Each(ctx, q, "monitoring: measures of monitored households", func(rows store.Scanner) error {
		m, err := scanMeasure(rows)
		if err != nil {
			return err
		}
		p.measures[m.HouseholdID] = append(p.measures[m.HouseholdID], m)
		return nil
	}, "SELECT "+measureCols+` FROM measures m WHERE m.status <> 'cancelled'
		AND m.household_id IN (SELECT h.id FROM households h WHERE `+where+") ORDER BY m.start_on, m.id", args...)
}
