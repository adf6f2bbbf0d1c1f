// Package village keeps the 和美乡村 indicators of each village and year:
// the practical village plan, the demonstration level, toilet renovation,
// sanitary toilets, cleaning staff and vehicles, sewage treatment, the
// three governance lists and the village's titles; their import, edits
// and the figures of docs/figures.md, "Village construction (和美乡村)".
package village

import (
	"slices"
	"strings"

	"fangpin/internal/fault"
	"fangpin/internal/regcode"
)

// The demonstration levels of a village (和美乡村示范村).
const (
	LevelProvince = "省级"
	LevelCity     = "市级"
)

// Levels are the demonstration levels; "" is none.
var Levels = []string{LevelProvince, LevelCity}

// Indicator is one village's indicators in one year.
type Indicator struct {
	Region             string // the village's 12-digit code
	Year               int
	PlanDone           bool   // 实用性村庄规划 done
	DemoLevel          string // LevelProvince, LevelCity or "" (none)
	DemoYear           int    // the year the village was named; 0 when DemoLevel is ""
	ToiletsPlanned     int    // the year's toilet renovation task (座)
	ToiletsDone        int    // toilets renovated in the year
	SanitaryHouseholds int    // households with a sanitary toilet
	Cleaners           int    // cleaning staff (保洁员)
	Vehicles           int    // waste collection vehicles (垃圾收运车辆)
	SewageTreated      bool   // domestic sewage treatment done
	ListPower          bool   // 小微权力清单
	ListAffairs        bool   // 村级事务清单
	ListServices       bool   // 公共服务清单
	Titles             []string
	UpdatedBy          string
	UpdatedAt          string
}

// AllLists reports whether the three governance lists are in place.
func (i Indicator) AllLists() bool { return i.ListPower && i.ListAffairs && i.ListServices }

// TitleSep joins a village's titles when stored and written.
const TitleSep = "、"

// SplitTitles reads a list of titles separated by 、 ， , ; ； or spaces,
// without blanks or repeats.
func SplitTitles(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、，,;； \t\n", r)
	}) {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// Check refuses an indicator whose fields are out of range; each reason
// names its field.
func (i Indicator) Check() error {
	f := map[string]fault.Text{}
	if regcode.Level(i.Region) != regcode.Village {
		f["region"] = fault.T("应为12位村级行政区划代码", "must be the 12-digit code of a village")
	}
	if i.Year < 2000 || i.Year > 2100 {
		f["year"] = fault.T("年度应为四位数年份", "the year must have four digits")
	}
	switch {
	case i.DemoLevel == "" && i.DemoYear != 0:
		f["demo_year"] = fault.T("不是示范村，不应填写创建年度", "only a demonstration village has a year named")
	case i.DemoLevel != "" && !slices.Contains(Levels, i.DemoLevel):
		f["demo_level"] = fault.T("示范村级别应为省级、市级或空", "the level must be 省级, 市级 or blank")
	case i.DemoLevel != "" && (i.DemoYear < 2000 || i.DemoYear > i.Year):
		f["demo_year"] = fault.T("创建年度应为四位数年份，且不晚于指标年度", "the year named must have four digits and not follow the year")
	}
	for field, n := range map[string]int{"toilets_planned": i.ToiletsPlanned, "toilets_done": i.ToiletsDone,
		"sanitary_households": i.SanitaryHouseholds, "cleaners": i.Cleaners, "vehicles": i.Vehicles} {
		if n < 0 {
			f[field] = fault.T("不能为负数", "cannot be negative")
		}
	}
	if len(strings.Join(i.Titles, TitleSep)) > 500 {
		f["titles"] = fault.T("荣誉称号过长（最多500字节）", "titles too long (500 bytes at most)")
	}
	if len(f) > 0 {
		return fault.InvalidFields(f)
	}
	return nil
}
