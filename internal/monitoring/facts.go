package monitoring

import (
	"time"

	"fangpin/internal/civil"
)

// LabourSkills are the 劳动技能 values that count as labour for the
// development rule: 普通劳动力, 技能劳动力 and 弱劳动力或半劳动力.
var LabourSkills = []string{"普通劳动力", "技能劳动力", "弱劳动力或半劳动力"}

// Facts are what the fit checks need to know about a household.
type Facts struct {
	HouseholdID      int64
	Code, Region     string
	HeadName         string
	Category         string
	Members          int // current members
	RiskTypes        []string
	IdentifiedMonth  int    // YYYYMM; 0 when never identified
	IdentifiedOn     string // YYYY-MM-DD when known
	Eliminated       bool
	EliminatedMonth  int
	RemarkedMonth    int
	LabourKnown      bool // some current member has a recorded 劳动技能
	Labour           bool // some current member has one of LabourSkills
	SafetyNetPresent bool // some current member already has 低保 or 特困供养
}

// IdentificationDate is the day the household was identified: IdentifiedOn
// when it lies in IdentifiedMonth (a later import may have changed the
// month), else the first day of IdentifiedMonth. ok is false for a
// household never identified.
func (f Facts) IdentificationDate() (day time.Time, ok bool) {
	if f.IdentifiedMonth == 0 {
		return time.Time{}, false
	}
	if f.IdentifiedOn != "" {
		if d, err := civil.ParseISO(f.IdentifiedOn); err == nil && int(d.Month()) == f.IdentifiedMonth {
			return d.UTC(), true
		}
	}
	return time.Date(f.IdentifiedMonth/100, time.Month(f.IdentifiedMonth%100), 1, 0, 0, 0, 0, time.UTC), true
}

// MonitoredAt reports whether the household was under monitoring at asOf:
// identified in asOf's month or before, and its risk not standing
// eliminated then (eliminated on or before asOf's month and not re-marked
// between that elimination and asOf's month: stats.EliminatedAt).
func (f Facts) MonitoredAt(asOf time.Time) bool {
	m := asOf.Year()*100 + int(asOf.Month())
	if f.IdentifiedMonth == 0 || f.IdentifiedMonth > m {
		return false
	}
	return !eliminatedAt(f.Eliminated, f.EliminatedMonth, f.RemarkedMonth, m)
}

// eliminatedAt is stats.EliminatedAt (which this package cannot import:
// stats imports it); TestEliminatedAtAgrees keeps the two equal.
func eliminatedAt(eliminated bool, elimMonth, remarkMonth, asMonth int) bool {
	if elimMonth == 0 || elimMonth > asMonth {
		return false
	}
	return eliminated || remarkMonth > asMonth
}

// DevelopmentDeadline is the identification date plus one calendar month
// (time.AddDate(0, 1, 0): 31 January gives 3 March).
func (f Facts) DevelopmentDeadline() (time.Time, bool) {
	d, ok := f.IdentificationDate()
	if !ok {
		return time.Time{}, false
	}
	return d.AddDate(0, 1, 0), true
}

// activeAt reports whether a measure counts at asOf: not cancelled and
// started on or before asOf.
func (m Measure) activeAt(asOf string) bool {
	return m.Status != StatusCancelled && m.StartOn <= asOf
}

// Name is the measure's type and sub-type: 健康帮扶·医疗救助.
func (m Measure) Name() string {
	if m.Subtype == "" {
		return m.Type
	}
	return m.Type + "·" + m.Subtype
}
