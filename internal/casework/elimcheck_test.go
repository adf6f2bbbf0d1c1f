package casework

import (
	"strings"
	"testing"
	"time"

	"fangpin/internal/civil"
)

// goodFacts meet every criterion on 2026-11-02.
func goodFacts() Facts {
	return Facts{Start: "2026-03-10", IncomeYear: 2025, IncomeFen: 900000, LineFen: 780000, VisitDay: "2026-10-20"}
}

// TestEvaluateEachCriterion changes one fact at a time and expects exactly
// the criterion it belongs to to fail, with the figures in its explanation.
func TestEvaluateEachCriterion(t *testing.T) {
	asOf := time.Date(2026, 11, 2, 9, 0, 0, 0, civil.Zone)
	cases := []struct {
		name   string
		change func(*Facts)
		unmet  string // "" when all are met
		detail string // in the explanation of unmet (or of months when all are met)
	}{
		{"all met", func(*Facts) {}, "", "2026年3月10日"},
		{"six months to the day", func(f *Facts) { f.Start = "2026-05-02" }, "", "已满6个月"},
		{"a day short of six months", func(f *Facts) { f.Start = "2026-05-03" }, CritMonths, "2026年11月3日起满6个月"},
		{"re-marked recently", func(f *Facts) { f.Start, f.Remarked = "2026-08-01", true }, CritMonths, "重新标注风险于2026年8月1日"},
		{"never monitored", func(f *Facts) { f.Start = "" }, CritMonths, "未纳入监测"},
		{"income on the line", func(f *Facts) { f.IncomeFen = 780000 }, CritIncome, "人均纯收入7,800元，未高于当年监测范围7,800元"},
		{"income a fen above", func(f *Facts) { f.IncomeFen = 780001 }, "", ""},
		{"income below", func(f *Facts) { f.IncomeFen = 650050 }, CritIncome, "6,500.50元"},
		{"income unknown", func(f *Facts) { f.IncomeYear, f.IncomeFen = 0, 0 }, CritIncome, "未登记人均纯收入"},
		{"open dropout warning", func(f *Facts) { f.ProblemRules = []string{"dropout"} }, CritGuarantees, "义务教育阶段辍学"},
		{"uninsured member", func(f *Facts) { f.Uninsured = []string{"李四"} }, CritGuarantees, "1名家庭成员未参加基本医疗保险（李四）"},
		{"visit found a water problem", func(f *Facts) { f.VisitProblems = []string{"饮水安全"} }, CritGuarantees, "最近一次走访（2026年10月20日）发现问题：饮水安全"},
		{"open identification case", func(f *Facts) { f.OpenCases = []int64{7} }, CritNewRisk, "识别认定案件（7号）"},
		{"new warning", func(f *Facts) { f.NewWarnings = []string{"income_drop", "income_drop"} }, CritNewRisk, "收入大幅下降"},
		{"unknown rule", func(f *Facts) { f.NewWarnings = []string{"other_rule"} }, CritNewRisk, "other_rule"},
	}
	for _, c := range cases {
		f := goodFacts()
		c.change(&f)
		ch := Evaluate(42, f, asOf)
		if ch.HouseholdID != 42 || ch.AsOf != "2026-11-02" || len(ch.Criteria) != 4 {
			t.Fatalf("%s: check %+v", c.name, ch)
		}
		unmet := ch.Unmet()
		if c.unmet == "" {
			if !ch.Met() || len(unmet) != 0 {
				t.Errorf("%s: unmet %+v", c.name, unmet)
			}
			if !strings.Contains(ch.Criteria[0].Detail, c.detail) {
				t.Errorf("%s: months %q", c.name, ch.Criteria[0].Detail)
			}
			continue
		}
		if ch.Met() || len(unmet) != 1 || unmet[0].Code != c.unmet {
			t.Errorf("%s: unmet %+v, want %s", c.name, unmet, c.unmet)
			continue
		}
		if !strings.Contains(unmet[0].Detail, c.detail) || unmet[0].Label == "" {
			t.Errorf("%s: detail %q lacks %q", c.name, unmet[0].Detail, c.detail)
		}
	}
}

func TestEvaluateOrderAndText(t *testing.T) {
	ch := Evaluate(1, goodFacts(), time.Date(2026, 11, 2, 0, 0, 0, 0, civil.Zone))
	var codes []string
	for _, c := range ch.Criteria {
		codes = append(codes, c.Code)
		if c.Detail == "" || !c.Met {
			t.Errorf("criterion %+v", c)
		}
	}
	if strings.Join(codes, ",") != "months,income,guarantees,new_risk" {
		t.Errorf("order %v", codes)
	}
	if !strings.Contains(ch.Criteria[1].Detail, "2025年人均纯收入9,000元，高于当年监测范围7,800元") {
		t.Errorf("income %q", ch.Criteria[1].Detail)
	}
	if (Check{}).Met() {
		t.Error("an empty check is met")
	}
	// 2026-11-01 16:30 UTC is 2 November in China
	if got := Evaluate(1, goodFacts(), time.Date(2026, 11, 1, 16, 30, 0, 0, time.UTC)).AsOf; got != "2026-11-02" {
		t.Errorf("as of %s", got)
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0", 5: "0.05", 780000: "7,800", 123456789: "1,234,567.89", -150: "-1.50", 100000000: "1,000,000"} {
		if got := Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", fen, got, want)
		}
	}
}

func TestEliminationTransitions(t *testing.T) {
	ok := []struct {
		s    State
		a    Action
		to   State
		no   State
		data Data
	}{
		{StateAccepted, ActVerify, StateVerified, "", elimData[ActVerify]},
		{StateVerified, ActReview, StateReviewed, StateClosed, elimData[ActReview]},
		{StateNoticeEnded, ActTownshipReview, StateTownshipReviewed, StateAccepted, elimData[ActTownshipReview]},
		{StateTownshipReviewed, ActCountyApprove, StateEliminated, StateClosed, elimData[ActCountyApprove]},
		{StateTownshipReviewed, ActClose, StateClosed, "", goodData[ActClose]},
	}
	for _, x := range ok {
		c := Case{Purpose: PurposeElimination, State: x.s, Mode: ModeAssisted}
		n, _, err := c.apply(x.a, x.data, t0)
		if err != nil || n.State != x.to {
			t.Errorf("%s from %s: %s, %v", x.a, x.s, n.State, err)
		}
		if x.to == StateEliminated && (n.Outcome != OutcomeEliminated || n.ClosedAt == "" || n.Open()) {
			t.Errorf("eliminated case %+v", n)
		}
		if x.no != "" {
			if n, _, err := c.apply(x.a, noData[x.a], t0); err != nil || n.State != x.no {
				t.Errorf("%s (no) from %s: %s, %v", x.a, x.s, n.State, err)
			}
		}
		if !AllowedFor(PurposeElimination, x.s, x.a, false) {
			t.Errorf("AllowedFor(%s, %s) = false", x.s, x.a)
		}
	}
	refused := []struct {
		s State
		a Action
	}{
		{StateReported, ActAccept}, {StateAccepted, ActEnrol}, {StateClosed, ActReopen}, {StateEliminated, ActClose},
		{StateTownshipReviewed, ActEnrol}, {StateCountyApproved, ActEnrol}, {StateEliminated, ActReopen},
	}
	for _, x := range refused {
		c := Case{Purpose: PurposeElimination, State: x.s}
		if _, _, err := c.apply(x.a, goodData[x.a], t0); !isConflict(err) {
			t.Errorf("%s from %s on an elimination case: %v", x.a, x.s, err)
		}
		if AllowedFor(PurposeElimination, x.s, x.a, true) {
			t.Errorf("AllowedFor(%s, %s) = true", x.s, x.a)
		}
	}
	if !AllowedFor(PurposeIdentification, StateClosed, ActReopen, false) {
		t.Error("identification cases lost their reopening")
	}
	if !StateEliminated.Final() || StateEliminated.Label() == "" || EventRollback.Label() == "" || PurposeElimination.Label() != "风险消除" {
		t.Error("labels of the elimination")
	}
}
