package village

import (
	"sort"

	"fangpin/internal/civil"
	"fangpin/internal/regcode"
)

// Figures are the 和美乡村 figures of a region for one year
// (docs/figures.md, "Village construction (和美乡村)"): sums and counts over
// the villages of the region with an indicator row of the year recorded
// by as_of. Shares are fractions of Villages; SanitaryRate is a fraction
// of RegisteredHouseholds.
type Figures struct {
	Year                 int     `json:"year"`
	Villages             int     `json:"villages"`               // villages with indicators of the year
	PlanDone             int     `json:"plan_done"`              // of them, with the practical village plan done
	DemoProvincial       int     `json:"demo_provincial"`        // 省级 demonstration villages
	DemoCity             int     `json:"demo_city"`              // 市级 demonstration villages
	ToiletsPlanned       int     `json:"toilets_planned"`        // the year's toilet renovation tasks
	ToiletsDone          int     `json:"toilets_done"`           // toilets renovated in the year
	SanitaryHouseholds   int     `json:"sanitary_households"`    // households with a sanitary toilet (numerator)
	RegisteredHouseholds int     `json:"registered_households"`  // registry households of those villages on as_of (denominator)
	SanitaryRate         float64 `json:"sanitary_rate"`          // SanitaryHouseholds / RegisteredHouseholds
	WithCleaners         int     `json:"with_cleaners"`          // villages with cleaning staff
	WithVehicles         int     `json:"with_vehicles"`          // villages with waste collection vehicles
	WithCleanersVehicles int     `json:"with_cleaners_vehicles"` // villages with both
	CleanersShare        float64 `json:"cleaners_share"`
	VehiclesShare        float64 `json:"vehicles_share"`
	SewageTreated        int     `json:"sewage_treated"` // villages with domestic sewage treatment
	SewageShare          float64 `json:"sewage_share"`
	AllLists             int     `json:"all_lists"` // villages with all three governance lists
}

// Add counts one village's indicators; registered is the village's
// registry households on as_of. A village with no registered household
// adds to neither side of the sanitary rate.
func (f *Figures) Add(i Indicator, registered int) {
	f.Villages++
	count := func(n *int, ok bool) {
		if ok {
			*n++
		}
	}
	count(&f.PlanDone, i.PlanDone)
	count(&f.DemoProvincial, i.DemoLevel == LevelProvince)
	count(&f.DemoCity, i.DemoLevel == LevelCity)
	count(&f.WithCleaners, i.Cleaners > 0)
	count(&f.WithVehicles, i.Vehicles > 0)
	count(&f.WithCleanersVehicles, i.Cleaners > 0 && i.Vehicles > 0)
	count(&f.SewageTreated, i.SewageTreated)
	count(&f.AllLists, i.AllLists())
	f.ToiletsPlanned += i.ToiletsPlanned
	f.ToiletsDone += i.ToiletsDone
	if registered > 0 {
		f.SanitaryHouseholds += i.SanitaryHouseholds
		f.RegisteredHouseholds += registered
	}
	f.shares()
}

// shares computes the fractions from the counts.
func (f *Figures) shares() {
	frac := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return float64(n) / float64(d)
	}
	f.SanitaryRate = frac(f.SanitaryHouseholds, f.RegisteredHouseholds)
	f.CleanersShare = frac(f.WithCleaners, f.Villages)
	f.VehiclesShare = frac(f.WithVehicles, f.Villages)
	f.SewageShare = frac(f.SewageTreated, f.Villages)
}

// Aggregate is the figures of year over rows (the year's rows of a
// region), with each village's registry households in registered.
func Aggregate(year int, rows []Indicator, registered map[string]int) Figures {
	f := Figures{Year: year}
	for _, i := range rows {
		if i.Year == year {
			f.Add(i, registered[i.Region])
		}
	}
	return f
}

// Group is the figures of one region of a level: a township or a county.
type Group struct {
	Region string // the region's 12-digit code
	Figures
}

// Rollup groups rows by their region at level (regcode.Township or
// regcode.County), in code order.
func Rollup(year int, rows []Indicator, registered map[string]int, level int) []Group {
	by := map[string]*Group{}
	for _, i := range rows {
		if i.Year != year {
			continue
		}
		code := regcode.AncestorAt(i.Region, level)
		g := by[code]
		if g == nil {
			g = &Group{Region: code, Figures: Figures{Year: year}}
			by[code] = g
		}
		g.Add(i, registered[i.Region])
	}
	out := make([]Group, 0, len(by))
	for _, g := range by {
		out = append(out, *g)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Region < out[b].Region })
	return out
}

// AsOf is the day whose figures a year's table shows: today for this
// year, 31 December for any other.
func AsOf(year int, today civil.Date) civil.Date {
	if year == today.Year() {
		return today
	}
	return civil.FromYMD(year, 12, 31)
}
