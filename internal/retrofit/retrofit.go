// Package retrofit keeps the housing retrofit projects (危房改造 and 农房抗震改造)
// of households: kind, danger level, subsidy by source, start, completion
// and acceptance (docs/formats.md, "Retrofits (危房改造)"). They are imported
// from the housing department's ledger or edited one at a time, audited;
// the sectors figures (docs/figures.md, "Sectors (三保障)") read them.
package retrofit

import (
	"slices"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
)

// Kinds are the retrofit kinds.
var Kinds = []string{"危房改造", "农房抗震改造"}

// Levels are the danger levels of a rated house ("" for an 抗震改造 of a
// house not rated C or D).
var Levels = []string{"C", "D"}

// Retrofit is one household's retrofit project. Dates are 0 when not
// reached (Completed, Accepted).
type Retrofit struct {
	ID          int64
	HouseholdID int64
	Region      string // the household's village when recorded
	Kind        string // one of Kinds
	Level       string // C, D or ""
	Central     int64  // subsidies in fen: 中央
	Province    int64  // 省级
	City        int64  // 市级
	County      int64  // 县级
	Other       int64  // 其他
	Started     civil.Date
	Completed   civil.Date
	Accepted    civil.Date
	CreatedBy   string
	CreatedAt   string
	UpdatedBy   string
	UpdatedAt   string
	// for lists and pages: the household
	HouseholdCode string
	HeadName      string
}

// Subsidy is the sum of the subsidies of every source.
func (r Retrofit) Subsidy() int64 { return r.Central + r.Province + r.City + r.County + r.Other }

// Check refuses a retrofit whose fields are out of range or out of order,
// each reason naming its field: a 危房改造 needs level C or D; no date lies
// after today; completion needs a start before or on it, acceptance a
// completion before or on it.
func (r Retrofit) Check(today civil.Date) error {
	f := map[string]fault.Text{}
	if !slices.Contains(Kinds, r.Kind) {
		f["kind"] = fault.T("改造类型应为危房改造或农房抗震改造", "the kind must be 危房改造 or 农房抗震改造")
	}
	switch {
	case r.Level != "" && !slices.Contains(Levels, r.Level):
		f["level"] = fault.T("危房等级应为C或D", "the level must be C or D")
	case r.Level == "" && r.Kind == Kinds[0]:
		f["level"] = fault.T("危房改造应填写危房等级（C或D）", "a 危房改造 needs its level (C or D)")
	}
	for field, v := range map[string]int64{"central": r.Central, "province": r.Province, "city": r.City, "county": r.County, "other": r.Other} {
		if v < 0 {
			f[field] = fault.T("金额不能为负数", "the amount cannot be negative")
		}
	}
	switch {
	case r.Started == 0:
		f["started"] = fault.T("请填写开工日期", "give the start date")
	case r.Started > today:
		f["started"] = fault.T("开工日期晚于今天", "the start date lies after today")
	}
	switch {
	case r.Completed == 0:
	case r.Completed > today:
		f["completed"] = fault.T("竣工日期晚于今天", "the completion date lies after today")
	case r.Completed < r.Started:
		f["completed"] = fault.T("竣工日期早于开工日期", "the completion date lies before the start")
	}
	switch {
	case r.Accepted == 0:
	case r.Completed == 0:
		f["accepted"] = fault.T("尚未竣工，不能填写验收日期", "no acceptance before completion")
	case r.Accepted > today:
		f["accepted"] = fault.T("验收日期晚于今天", "the acceptance date lies after today")
	case r.Accepted < r.Completed:
		f["accepted"] = fault.T("验收日期早于竣工日期", "the acceptance date lies before completion")
	}
	if len(f) > 0 {
		return fault.InvalidFields(f)
	}
	return nil
}
