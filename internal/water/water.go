// Package water keeps the drinking water records no department feed
// carries (饮水安全): supply schemes and the villages and households they
// serve, water sample tests, and problems reported and resolved
// (docs/figures.md, "Water"; docs/formats.md, "Water supply").
package water

import (
	"slices"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
)

// Kinds of supply scheme.
const (
	Central   = "集中供水"
	Dispersed = "分散供水"
)

// Sample results.
const (
	Pass = "合格"
	Fail = "不合格"
)

// Sources of a problem.
const (
	SourceVisit  = "走访"
	SourceReport = "一键报贫"
	SourceTyped  = "录入"
)

// Sources are the sources a problem may give, in the form's order.
var Sources = []string{SourceVisit, SourceReport, SourceTyped}

// Scheme is a supply scheme with the villages it serves in the caller's
// scope.
type Scheme struct {
	ID       int64
	Code     string
	Name     string
	Kind     string
	Villages []Village
	// Served is the households served in the villages listed.
	Served int
	// OpenProblems counts its problems open today; Latest is its latest
	// sample (zero Day when none).
	OpenProblems int
	Latest       Sample
}

// Village is a village a scheme serves and how many households there.
type Village struct {
	Region     string
	Households int
}

// Sample is a water sample test of a scheme.
type Sample struct {
	SchemeID int64
	Day      civil.Date
	Result   string
	Item     string
}

// Problem is a drinking water problem of a scheme or of a household.
type Problem struct {
	ID          int64
	SchemeID    int64 // 0: none named
	SchemeName  string
	HouseholdID int64 // 0: the scheme's problem
	Household   string
	Region      string // the household's village, or the scheme's first village in scope
	Source      string
	Description string
	Reported    civil.Date
	ReportedBy  string
	Resolved    civil.Date // 0 while open
	ResolvedBy  string
	Resolution  string
}

// Open reports whether p is open on day: reported on or before it and not
// resolved on or before it (docs/figures.md, "Water").
func (p Problem) Open(day civil.Date) bool {
	return p.Reported <= day && (p.Resolved == 0 || p.Resolved > day)
}

// maxText is the longest description or resolution kept, in characters.
const maxText = 500

// Check checks what a person gives for a new problem.
func (p *Problem) Check() error {
	p.Description = strings.TrimSpace(p.Description)
	f := map[string]fault.Text{}
	if p.SchemeID == 0 && p.HouseholdID == 0 {
		f["scheme"] = fault.T("请选择供水工程或农户", "choose a scheme or a household")
	}
	if !slices.Contains(Sources, p.Source) {
		f["source"] = fault.T("来源应为走访、一键报贫或录入", "the source must be 走访, 一键报贫 or 录入")
	}
	switch n := len([]rune(p.Description)); {
	case n == 0:
		f["description"] = fault.T("请填写问题描述", "describe the problem")
	case n > maxText:
		f["description"] = fault.T("问题描述不能超过500字", "the description is longer than 500 characters")
	}
	if p.Reported == 0 {
		f["reported"] = fault.T("请填写发现日期", "give the day it was reported")
	}
	if p.Resolved != 0 && p.Resolved < p.Reported {
		f["resolved"] = fault.T("解决日期不能早于发现日期", "it cannot be resolved before it was reported")
	}
	if len(f) > 0 {
		return fault.InvalidFields(f)
	}
	return nil
}
