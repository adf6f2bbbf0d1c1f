// Package report computes the dashboard's figures (docs/figures.md,
// "Dashboard") for a region as of a day: the overview of package stats and
// the breakdowns around it. The dashboard page, its API, the standard tables
// and the survey report read them from Dashboard.
package report

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/stats"
	"fangpin/internal/store"
)

// Months is the number of months the monthly series covers, ending with
// as_of's month.
const Months = 24

// Figures are the dashboard's figures of a region as of a day.
type Figures struct {
	Region   Region          `json:"region"`
	AsOf     string          `json:"as_of"`
	Overview *stats.Overview `json:"overview"`
	// Monitored counts the households monitored at as_of: identified by
	// then, their risk not standing eliminated.
	Monitored   stats.Count     `json:"monitored"`
	ByCategory  []CategoryCount `json:"by_category"`
	ByRiskType  []NamedCount    `json:"by_risk_type"`
	ByMonth     []MonthCount    `json:"by_month"`
	SelfReports Funnel          `json:"self_report_funnel"`
	// OverdueCases counts the cases of every source overdue at as_of.
	OverdueCases int          `json:"overdue_cases"`
	OpenWarnings []NamedCount `json:"open_warnings_by_rule"`
	Income       []Band       `json:"income_bands"`
	Measures     []MeasureRow `json:"measures_by_type"`
	Children     []Child      `json:"children"`
	// Past lists the figures a past as_of cannot reconstruct and that are
	// therefore read as recorded now (keys of docs/figures.md); empty for
	// today.
	Past []string `json:"not_reconstructed"`
}

// Region names the region the figures are of, as it was named on as_of.
type Region struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level int    `json:"level"`
}

// CategoryCount is one monitoring category: the households monitored and
// eliminated at as_of (their sum is the overview's by_category).
type CategoryCount struct {
	Name       string      `json:"name"`
	Monitored  stats.Count `json:"monitored"`
	Eliminated stats.Count `json:"eliminated"`
}

// NamedCount is a count of households (and their persons where it applies)
// under a name: a risk type, a warning rule.
type NamedCount struct {
	Name       string `json:"name"`
	Households int    `json:"households"`
	Persons    int    `json:"persons,omitempty"`
}

// MonthCount is one month of the series: households (and their members of
// as_of) identified, whose risk was eliminated, and re-marked in it.
type MonthCount struct {
	Month      string      `json:"month"` // YYYYMM
	Identified stats.Count `json:"identified"`
	Eliminated stats.Count `json:"eliminated"`
	Remarked   stats.Count `json:"remarked"`
}

// Funnel is the self-report (一键报贫) funnel at as_of.
type Funnel struct {
	Reported      int `json:"reported"`
	Accepted      int `json:"accepted"`
	Verified      int `json:"verified"`
	Decided       int `json:"decided"`
	Enrolled      int `json:"enrolled"`
	NotQualifying int `json:"not_qualifying"`
	OnTime        int `json:"decided_on_time"`
	Late          int `json:"decided_late"`
	OpenOverdue   int `json:"open_overdue"`
}

// Band is one band of per-capita net income against the monitoring line.
type Band struct {
	Key        string `json:"key"`
	Households int    `json:"households"`
	Persons    int    `json:"persons"`
}

// MeasureRow counts the measures of one type of the households monitored
// at as_of: those counting then, and of them those that fit a risk type of
// their household.
type MeasureRow struct {
	Type   string `json:"type"`
	Total  int    `json:"total"`
	Fit    int    `json:"fit"`
	NotFit int    `json:"not_fit"`
}

// Child is a child region's main figures, for the side-by-side table.
type Child struct {
	Code               string      `json:"code"`
	Name               string      `json:"name"`
	Households         int         `json:"households"`
	Persons            int         `json:"persons"`
	FormerlyPoor       int         `json:"formerly_poor"`
	IdentifiedThisYear stats.Count `json:"identified_this_year"`
	Cumulative         stats.Count `json:"cumulative"`
	Monitored          stats.Count `json:"monitored"`
	Eliminated         stats.Count `json:"eliminated"`
	SelfReports        int         `json:"self_reports"`
	IllShare           float64     `json:"ill_household_share"`
	// ByCategory splits Cumulative by category, as the region's own.
	ByCategory []CategoryCount `json:"by_category"`
	// Illness is the illness among the formerly poor, as the overview's.
	Illness stats.Illness `json:"illness_among_formerly_poor"`
	// FormerlyPoorPersons are the members of the 脱贫户.
	FormerlyPoorPersons int `json:"formerly_poor_persons"`
	// Sectors is the region's part of the overview's sectors block.
	Sectors stats.Sectors `json:"sectors"`
}

// MaxChildren is the most child regions whose figures are computed; a
// region with more (none in the national divisions above a village) lists
// none.
const MaxChildren = 80

// Dashboard computes the figures of regionCode (inside scope) as of asOf.
func Dashboard(ctx context.Context, db *store.DB, scope store.Scope, regionCode string, asOf civil.Date) (*Figures, error) {
	s, err := scope.Narrow(regionCode)
	if err != nil {
		return nil, err
	}
	q := db.Reader()
	type overview struct {
		o   *stats.Overview
		hs  []stats.HouseholdAt
		sec *stats.SectorDetail
		err error
	}
	computed := make(chan overview, 1) // the overview is computed meanwhile on other connections
	go func() {
		o, hs, sec, err := stats.ComputeWith(ctx, db, scope, regionCode, asOf.Time())
		computed <- overview{o, hs, sec, err}
	}()
	type read struct {
		in  *incomes
		err error
	}
	incomesRead := make(chan read, 1) // and today the incomes of the households monitored now
	go func() {
		if asOf < civil.Today() {
			incomesRead <- read{newIncomes(), nil}
			return
		}
		in, err := readIncomes(ctx, q, s, asOf.Year())
		incomesRead <- read{in, err}
	}()
	f, err := cases(ctx, q, s, regionCode, asOf)
	ov, ir := <-computed, <-incomesRead
	if err == nil {
		err = ir.err
	}
	if err != nil {
		return nil, err
	}
	if ov.err != nil {
		return nil, ov.err
	}
	f.Overview, f.SelfReports.OpenOverdue = ov.o, ov.o.SelfReports.Overdue
	f.Monitored = monitoredOf(ov.o.Monitoring)
	month := int(asOf.Month())
	var hs, monitored []stats.HouseholdAt // identified by then; and monitored then
	for _, h := range ov.hs {
		if h.IdentifiedMonth == 0 || h.IdentifiedMonth > month {
			continue
		}
		hs = append(hs, h)
		if !stats.EliminatedAt(h.Row, month) {
			monitored = append(monitored, h)
		}
	}
	f.ByCategory = byCategory(hs, month)
	f.ByRiskType = byRiskType(monitored)
	f.ByMonth = byMonth(hs, asOf.Month())
	if f.Income, err = incomeBands(ctx, q, s, asOf, monitored, ir.in); err != nil {
		return nil, err
	}
	if f.Measures, err = measures(ctx, q, asOf, monitored); err != nil {
		return nil, err
	}
	if f.Children, err = children(ctx, q, s, regionCode, asOf, hs, ov.sec); err != nil {
		return nil, err
	}
	f.Past = []string{}
	if asOf < civil.Today() {
		f.Past = NotReconstructed
	}
	return f, nil
}

// cases starts the figures with the region and those of cases and
// warnings, which need no household.
func cases(ctx context.Context, q store.Querier, s store.Scope, regionCode string, asOf civil.Date) (*Figures, error) {
	reg, err := region.FindAt(ctx, q, regionCode, asOf.String())
	if err != nil {
		return nil, fmt.Errorf("report: region %s: %w", regionCode, err)
	}
	f := &Figures{Region: Region{reg.Code, reg.Name, reg.Level}, AsOf: asOf.String()}
	if f.SelfReports, err = funnel(ctx, q, s, asOf); err != nil {
		return nil, err
	}
	if f.OverdueCases, _, err = casework.CountOverdue(ctx, q, s, asOf.Time()); err != nil {
		return nil, err
	}
	if f.OpenWarnings, err = openWarnings(ctx, q, s, asOf); err != nil {
		return nil, err
	}
	return f, nil
}

// NotReconstructed are the figures (keys of docs/figures.md, "Dashboard")
// that a past date reads partly as recorded now.
var NotReconstructed = []string{"measures_by_type", "income_bands", "self_report_funnel", "overdue_cases",
	"open_warnings_by_rule"}

// byCategory splits the identified households by category into those
// monitored and those eliminated in month.
func byCategory(hs []stats.HouseholdAt, month int) []CategoryCount {
	idx := map[string]int{}
	out := make([]CategoryCount, len(registry.Categories))
	for i, c := range registry.Categories {
		out[i].Name, idx[c] = c, i
	}
	for _, h := range hs {
		i, ok := idx[h.Category]
		if !ok {
			idx[h.Category], i = len(out), len(out)
			out = append(out, CategoryCount{Name: h.Category})
		}
		if stats.EliminatedAt(h.Row, month) {
			add(&out[i].Eliminated, h.Members)
		} else {
			add(&out[i].Monitored, h.Members)
		}
	}
	return out
}

// monitoredOf is the households monitored at as_of: identified by then
// (cumulative) and not eliminated then.
func monitoredOf(m stats.Monitoring) stats.Count {
	return stats.Count{Households: m.Cumulative.Households - m.Eliminated.Households,
		Persons: m.Cumulative.Persons - m.Eliminated.Persons}
}

func add(c *stats.Count, members int) { c.Households++; c.Persons += members }

// byRiskType counts the monitored households under each of their risk
// types (a bracketed sub-type ignored): a household with two counts twice.
func byRiskType(monitored []stats.HouseholdAt) []NamedCount {
	idx := map[string]int{}
	out := make([]NamedCount, len(registry.RiskTypes))
	for i, r := range registry.RiskTypes {
		out[i].Name, idx[r] = r, i
	}
	for _, h := range monitored {
		seen := map[string]bool{}
		for _, r := range h.RiskTypes {
			r = riskBase(r)
			if r == "" || seen[r] {
				continue
			}
			seen[r] = true
			i, ok := idx[r]
			if !ok {
				idx[r], i = len(out), len(out)
				out = append(out, NamedCount{Name: r})
			}
			out[i].Households++
			out[i].Persons += h.Members
		}
	}
	return out
}

// riskBase strips a bracketed sub-type: 因自然灾害(洪涝) is 因自然灾害.
func riskBase(r string) string {
	r = strings.TrimSpace(r)
	if i := strings.IndexAny(r, "(（"); i > 0 {
		return r[:i]
	}
	return r
}

// byMonth is the series of the Months months up to last, from each
// household's months of as_of.
func byMonth(hs []stats.HouseholdAt, last civil.Month) []MonthCount {
	first := last.Add(-(Months - 1))
	out := make([]MonthCount, Months)
	for i := range out {
		out[i].Month = first.Add(i).String()
	}
	at := func(m int) *MonthCount {
		if m < int(first) || m > int(last) {
			return nil
		}
		mm := civil.Month(m)
		return &out[(mm.Year()-first.Year())*12+mm.Num()-first.Num()]
	}
	for _, h := range hs {
		if c := at(h.IdentifiedMonth); c != nil {
			add(&c.Identified, h.Members)
		}
		if c := at(h.EliminatedMonth); c != nil {
			add(&c.Eliminated, h.Members)
		}
		if c := at(h.RemarkedMonth); c != nil {
			add(&c.Remarked, h.Members)
		}
	}
	return out
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
