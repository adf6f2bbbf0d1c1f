// Package stats computes the overview figures (docs/figures.md#overview-统计) for a region as
// of a date.
package stats

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fangpin/internal/casework"
	"fangpin/internal/monitoring"
	"fangpin/internal/regcode"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// Count is a number of households and their persons.
type Count struct {
	Households int `json:"households"`
	Persons    int `json:"persons"`
}

// Overview is the object of docs/figures.md (overview).
type Overview struct {
	Region struct {
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"region"`
	AsOf       string `json:"as_of"`
	Households struct {
		Total        int `json:"total"`
		FormerlyPoor int `json:"formerly_poor"`
		Ordinary     int `json:"ordinary"`
	} `json:"households"`
	Persons struct {
		Total        int `json:"total"`
		FormerlyPoor int `json:"formerly_poor"`
	} `json:"persons"`
	Monitoring  Monitoring  `json:"monitoring"`
	SelfReports SelfReports `json:"self_reports"`
	Illness     Illness     `json:"illness_among_formerly_poor"`
	Sectors     Sectors     `json:"sectors"`
}

// Monitoring holds the monitoring figures. PlanMismatch and
// NoDevelopmentMeasure count households monitored at as_of (see
// monitoring.PlanFigures): with a risk type no measure addresses, and with
// labour but no development measure one month after identification.
type Monitoring struct {
	IdentifiedThisYear   Count            `json:"identified_this_year"`
	RemarkedThisYear     Count            `json:"remarked_this_year"`
	Cumulative           Count            `json:"cumulative"`
	Eliminated           Count            `json:"eliminated"`
	ByCategory           map[string]Count `json:"by_category"`
	PlanMismatch         Count            `json:"plan_mismatch"`
	NoDevelopmentMeasure Count            `json:"no_development_measure"`
}

// SelfReports holds the 一键报贫 figures: cases opened by self-reports on or
// before as_of, those of its year, those decided (handled), and those open
// past a deadline at as_of (overdue).
type SelfReports struct {
	Total    int `json:"total"`
	ThisYear int `json:"this_year"`
	Handled  int `json:"handled"`
	Overdue  int `json:"overdue"`
}

// Illness describes illness among the persons of 脱贫户.
type Illness struct {
	PersonsIll     int     `json:"persons_ill"`
	Chronic        int     `json:"chronic"`
	Major          int     `json:"major"`
	Households     int     `json:"households"`
	HouseholdShare float64 `json:"household_share"`
}

// Compute returns the overview of regionCode (which must lie inside scope) as
// of the date asOf.
func Compute(ctx context.Context, db *store.DB, scope store.Scope, regionCode string, asOf time.Time) (*Overview, error) {
	o, _, _, err := ComputeWith(ctx, db, scope, regionCode, asOf)
	return o, err
}

// ComputeBrief is Compute without the sectors block (left zero), for pages
// that do not show it: the sectors read a year of department rows, the
// dearest part of the overview on a large city.
func ComputeBrief(ctx context.Context, db *store.DB, scope store.Scope, regionCode string, asOf time.Time) (*Overview, error) {
	o, _, _, err := compute(ctx, db, scope, regionCode, asOf, false)
	return o, err
}

// ComputeWith is Compute that also returns the households it counted the
// monitoring figures from: MonitoredAt's households of the region, which
// may include households identified after asOf's month when nothing was
// recorded after asOf (Tally leaves them out; so must the caller), and the
// entries behind the sectors block.
func ComputeWith(ctx context.Context, db *store.DB, scope store.Scope, regionCode string, asOf time.Time) (*Overview, []HouseholdAt, *SectorDetail, error) {
	return compute(ctx, db, scope, regionCode, asOf, true)
}

// compute is ComputeWith, with the sectors block or without it.
func compute(ctx context.Context, db *store.DB, scope store.Scope, regionCode string, asOf time.Time, withSectors bool) (*Overview, []HouseholdAt, *SectorDetail, error) {
	s, err := scope.Narrow(regionCode)
	if err != nil {
		return nil, nil, nil, err
	}
	q := db.Reader()
	day := dayOf(asOf)
	reg, err := region.FindAt(ctx, q, regionCode, day)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("stats: region %s: %w", regionCode, err)
	}
	// Without a change recorded after asOf, every household stands then as
	// it stands now: the figures come from the summary and current states.
	changed, err := changedSince(ctx, q, asOf)
	if err != nil {
		return nil, nil, nil, err
	}
	o := &Overview{AsOf: day}
	o.Region.Code, o.Region.Name = reg.Code, reg.Name
	counted := make(chan error, 1) // the registry figures are computed meanwhile on another connection
	go func() { counted <- households(ctx, q, s, day, changed, o) }()
	hs, err := monitoredAt(ctx, q, s, asOf, changed)
	if err != nil {
		<-counted
		return nil, nil, nil, err
	}
	plan := make(chan planFigures, 1) // the plan figures take longest: computed meanwhile on another connection
	go func() {
		var f monitoring.Figures
		var err error
		if changed {
			f, err = monitoring.PlanFiguresOf(ctx, q, s, asOf, States(hs))
		} else {
			f, err = monitoring.PlanFigures(ctx, q, s, asOf)
		}
		plan <- planFigures{f, err}
	}()
	if err := <-counted; err != nil {
		return nil, nil, nil, err
	}
	o.Monitoring = Tally(Rows(hs), asOf)
	var sec *SectorDetail
	if withSectors {
		sec, err = rememberedSectors(ctx, db, s, asOf)
		if err != nil {
			<-plan
			return nil, nil, nil, err
		}
		o.Sectors = sec.Sectors
	}
	c, err := casework.CountSelfReports(ctx, q, s, asOf)
	if err != nil {
		return nil, nil, nil, err
	}
	o.SelfReports = SelfReports{Total: c.Total, ThisYear: c.ThisYear, Handled: c.Handled, Overdue: c.Overdue}
	p := <-plan
	if p.err != nil {
		return nil, nil, nil, p.err
	}
	o.Monitoring.PlanMismatch = Count(p.PlanMismatch)
	o.Monitoring.NoDevelopmentMeasure = Count(p.NoDevelopmentMeasure)
	return o, hs, sec, nil
}

// planFigures is monitoring.PlanFigures' answer.
type planFigures struct {
	monitoring.Figures
	err error
}

// households reads the registry figures on day: the maintained summary of
// the scope's villages, less the changes recorded after day (when changed).
func households(ctx context.Context, q store.Querier, s store.Scope, day string, changed bool, o *Overview) error {
	err := registryRows(ctx, q, s, day, changed, "", func(_, typ string, n, persons, chronic, major, ill int) {
		o.Households.Total += n
		o.Persons.Total += persons
		switch typ {
		case registry.TypeFormerlyPoor:
			o.Households.FormerlyPoor, o.Persons.FormerlyPoor = n, persons
			o.Illness = Illness{PersonsIll: chronic + major, Chronic: chronic, Major: major, Households: ill}
		case registry.TypeOrdinary:
			o.Households.Ordinary = n
		}
	})
	if o.Households.FormerlyPoor > 0 {
		o.Illness.HouseholdShare = float64(o.Illness.Households) / float64(o.Households.FormerlyPoor)
	}
	return err
}

// registryRows calls fn with the registry sums of the scope on day by
// household type, and by region code as well when byRegion ("region_code")
// is set: the maintained summary less the changes recorded after day
// (when changed).
func registryRows(ctx context.Context, q store.Querier, s store.Scope, day string, changed bool, byRegion string,
	fn func(region, typ string, n, persons, chronic, major, ill int)) error {
	where, args, err := s.Where("region_code")
	if err != nil {
		return err
	}
	from := "village_stats WHERE " + where
	if changed {
		from = `(SELECT region_code, type, households, members, members_chronic, members_major, households_ill
			FROM village_stats WHERE ` + where + `
		UNION ALL SELECT region_code, type, -households, -members, -members_chronic, -members_major, -households_ill
			FROM household_deltas WHERE day > ? AND ` + where + `) t`
		args = append(append(append([]any{}, args...), day), args...)
	}
	regionCol, group := "''", "type"
	if byRegion != "" {
		regionCol, group = "region_code", "region_code, type"
	}
	return store.Each(ctx, q, "stats: households", func(rows store.Scanner) error {
		var region, typ string
		var n, persons, chronic, major, ill int
		if err := rows.Scan(&region, &typ, &n, &persons, &chronic, &major, &ill); err != nil {
			return err
		}
		fn(region, typ, n, persons, chronic, major, ill)
		return nil
	}, `SELECT `+regionCol+`, type, COALESCE(sum(households), 0), COALESCE(sum(members), 0),
		COALESCE(sum(members_chronic), 0), COALESCE(sum(members_major), 0), COALESCE(sum(households_ill), 0)
		FROM `+from+" GROUP BY "+group, args...)
}

// Registry is the registry part of the overview of a region: households,
// persons, 脱贫户 and their persons, and the illness among them (Illness
// without the share).
type Registry struct {
	Households, Persons, FormerlyPoor, FormerlyPoorPersons int
	Chronic, Major, IllHouseholds                          int
}

// RegistryByVillage returns the registry figures of each village of scope
// on asOf's day, as the overview computes them for the whole scope (the
// overview of a region is the sum of its villages').
func RegistryByVillage(ctx context.Context, q store.Querier, scope store.Scope, asOf time.Time) (map[string]Registry, error) {
	changed, err := changedSince(ctx, q, asOf)
	if err != nil {
		return nil, err
	}
	out := map[string]Registry{}
	err = registryRows(ctx, q, scope, dayOf(asOf), changed, "region_code", func(region, typ string, n, persons, chronic, major, ill int) {
		r := out[region]
		r.Households += n
		r.Persons += persons
		if typ == registry.TypeFormerlyPoor {
			r.FormerlyPoor += n
			r.FormerlyPoorPersons += persons
			r.Chronic, r.Major, r.IllHouseholds = r.Chronic+chronic, r.Major+major, r.IllHouseholds+ill
		}
		out[region] = r
	})
	return out, err
}

// Row is the monitoring state of one household, as Tally needs it.
type Row struct {
	Category        string
	IdentifiedMonth int
	Eliminated      bool
	EliminatedMonth int
	RemarkedMonth   int
	Members         int
}

// Rows are the monitoring states of households, as Tally takes them.
func Rows(hs []HouseholdAt) []Row {
	out := make([]Row, len(hs))
	for i, h := range hs {
		out[i] = h.Row
	}
	return out
}

// States are households as monitoring.PlanFiguresOf takes them.
func States(hs []HouseholdAt) []monitoring.State {
	out := make([]monitoring.State, len(hs))
	for i, h := range hs {
		out[i] = monitoring.State{HouseholdID: h.ID, Region: h.Region, Members: h.Members, RiskTypes: h.RiskTypes,
			IdentifiedMonth: h.IdentifiedMonth, Eliminated: h.Eliminated, EliminatedMonth: h.EliminatedMonth,
			RemarkedMonth: h.RemarkedMonth}
	}
	return out
}

// Tally applies the definitions of docs/figures.md (overview) to households' monitoring
// states. Months are YYYYMM; a month is on or before asOf when it is not
// later than asOf's month.
func Tally(rows []Row, asOf time.Time) Monitoring {
	m := Monitoring{ByCategory: map[string]Count{}}
	for _, c := range registry.Categories {
		m.ByCategory[c] = Count{}
	}
	asMonth := registry.MonthOf(asOf)
	jan := asOf.Year()*100 + 1
	add := func(c *Count, r Row) { c.Households++; c.Persons += r.Members }
	for _, r := range rows {
		if r.IdentifiedMonth == 0 || r.IdentifiedMonth > asMonth {
			continue
		}
		add(&m.Cumulative, r)
		if r.IdentifiedMonth >= jan {
			add(&m.IdentifiedThisYear, r)
		}
		if r.RemarkedMonth >= jan && r.RemarkedMonth <= asMonth {
			add(&m.RemarkedThisYear, r)
		}
		if EliminatedAt(r, asMonth) {
			add(&m.Eliminated, r)
		}
		c := m.ByCategory[r.Category]
		add(&c, r)
		m.ByCategory[r.Category] = c
	}
	return m
}

// EliminatedAt reports whether a household's risk stood eliminated in month
// asMonth: eliminated on or before it, and not re-marked between that
// elimination and asMonth.
func EliminatedAt(r Row, asMonth int) bool {
	if r.EliminatedMonth == 0 || r.EliminatedMonth > asMonth {
		return false
	}
	if r.Eliminated {
		return true
	}
	return r.RemarkedMonth > asMonth
}

// DefaultRegion is the region an overview shows when none is named: the
// deepest stored region holding every household of the scope, or the
// scope's own region when it holds none; "" when not even that is stored
// (the whole country with no households). The web pages and the command
// line share it.
func DefaultRegion(ctx context.Context, q store.Querier, scope store.Scope) (string, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return "", err
	}
	var lo, hi sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT min(region_code), max(region_code) FROM households WHERE "+where,
		args...).Scan(&lo, &hi); err != nil {
		return "", fmt.Errorf("stats: default region: %w", err)
	}
	n := 0 // the households' common prefix, read from the region index
	for n < len(lo.String) && n < len(hi.String) && lo.String[n] == hi.String[n] {
		n++
	}
	prefix := lo.String[:n]
	if len(prefix) < len(scope.Prefix()) {
		prefix = scope.Prefix()
	}
	for lvl := regcode.Village; lvl >= regcode.Province; lvl-- {
		if k := regcode.PrefixLen(lvl); k <= len(prefix) {
			prefix = prefix[:k]
			break
		}
	}
	if len(prefix) < regcode.PrefixLen(regcode.Province) {
		return "", nil
	}
	codes := regcode.Ancestors(regcode.Pad(prefix))
	for i := len(codes) - 1; i >= 0; i-- {
		_, err := region.Find(ctx, q, codes[i])
		if err == nil {
			return codes[i], nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return "", err
		}
	}
	return "", nil
}
