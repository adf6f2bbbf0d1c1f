package monitoring

import (
	"strings"
	"testing"
	"time"
)

// facts is a household monitored since March 2026, identified on the 10th,
// with labour.
func facts(risks ...string) Facts {
	return Facts{HouseholdID: 1, Code: "H1", Members: 3, RiskTypes: risks, IdentifiedMonth: 202603,
		IdentifiedOn: "2026-03-10", LabourKnown: true, Labour: true}
}

func ms(list ...Measure) []Measure {
	for i := range list {
		list[i].ID = int64(i + 1)
		if list[i].Status == "" {
			list[i].Status = StatusInProgress
		}
	}
	return list
}

func meas(typ, sub, start string) Measure { return Measure{Type: typ, Subtype: sub, StartOn: start} }

func find(rep Report, rule Rule, risk string) Result {
	for _, r := range rep.Results {
		if r.Rule == rule && r.Risk == risk {
			return r
		}
	}
	return Result{Status: "absent"}
}

func TestRiskFit(t *testing.T) {
	rules := DefaultFitRules()
	cancelled := meas(TypeHealth, "医疗救助", "2026-03-15")
	cancelled.Status = StatusCancelled
	cases := []struct {
		name     string
		risk     string
		measures []Measure
		rules    []FitRule
		want     CheckStatus
		explains string
	}{
		{"illness with health aid", "因病", ms(meas(TypeHealth, "医疗救助", "2026-03-15")), rules, StatusOK, "健康帮扶·医疗救助"},
		{"illness with only industry", "因病", ms(meas(TypeIndustry, "养殖业", "2026-03-15")), rules, StatusMismatch, "健康帮扶"},
		{"illness with temporary relief (sub-type rule)", "因病", ms(meas(TypeSafetyNet, "临时救助", "2026-04-01")), rules, StatusOK, "临时救助"},
		{"illness with another 综合保障 sub-type", "因病", ms(meas(TypeSafetyNet, "养老保险代缴", "2026-04-01")), rules, StatusMismatch, "综合保障·临时救助"},
		{"cancelled measure does not count", "因病", ms(cancelled), rules, StatusMismatch, ""},
		{"measure starting after as_of does not count", "因病", ms(meas(TypeHealth, "医疗救助", "2026-12-01")), rules, StatusMismatch, "已计划但尚未开始"},
		{"starting on as_of counts", "因病", ms(meas(TypeHealth, "医疗救助", "2026-11-28")), rules, StatusOK, ""},
		{"schooling with education aid", "因学", ms(meas(TypeEducation, "雨露计划", "2026-03-15")), rules, StatusOK, "雨露计划"},
		{"schooling without", "因学", ms(meas(TypeHealth, "医疗救助", "2026-03-15")), rules, StatusMismatch, "义务教育"},
		{"unstable work with public job", "因务工就业不稳", ms(meas(TypePublicJob, "乡村公益岗位", "2026-03-15")), rules, StatusOK, ""},
		{"unstable work without", "因务工就业不稳", ms(meas(TypeHousing, "危房改造", "2026-03-15")), rules, StatusMismatch, ""},
		{"disaster sub-type matches its type's rows", "因自然灾害(洪涝)", ms(meas(TypeHousing, "危房改造", "2026-03-15")), rules, StatusOK, ""},
		{"disaster sub-type without", "因自然灾害(洪涝)", ms(meas(TypeEducation, "雨露计划", "2026-03-15")), rules, StatusMismatch, ""},
		{"其他 with any measure", "其他", ms(meas(TypeWater, "水质提升", "2026-03-15")), rules, StatusOK, ""},
		{"其他 without any", "其他", nil, rules, StatusMismatch, "尚无任何"},
		{"risk with no row in the table", "因学", ms(meas(TypeHealth, "医疗救助", "2026-03-15")), rules[:2], StatusNA, "未作检查"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Evaluate(facts(c.risk), c.measures, c.rules, day("2026-11-28"))
			r := find(rep, RuleRisk, c.risk)
			if r.Status != c.want || r.Met != (c.want == StatusOK) {
				t.Fatalf("status %s met %v, want %s: %s", r.Status, r.Met, c.want, r.Explanation)
			}
			if !strings.Contains(r.Explanation, c.explains) || !hasHan(r.Explanation) {
				t.Errorf("explanation %q lacks %q", r.Explanation, c.explains)
			}
			if c.want != StatusNA && !hasHan(r.Basis) {
				t.Errorf("no basis: %+v", r)
			}
			if got := len(rep.Mismatched()) == 1; got != (c.want == StatusMismatch) {
				t.Errorf("Mismatched() = %v", rep.Mismatched())
			}
		})
	}
}

func TestDevelopmentRule(t *testing.T) {
	noLabour := facts("因病")
	noLabour.Labour = false
	unknownLabour := facts("因病")
	unknownLabour.Labour, unknownLabour.LabourKnown = false, false
	monthOnly := facts("因病")
	monthOnly.IdentifiedOn = ""
	staleDay := facts("因病") // identified_on left over from before an import moved the month
	staleDay.IdentifiedOn, staleDay.IdentifiedMonth = "2026-02-20", 202603
	cancelledJob := meas(TypeEmployment, "务工就业", "2026-03-20")
	cancelledJob.Status = StatusCancelled
	cases := []struct {
		name     string
		f        Facts
		measures []Measure
		asOf     string
		want     CheckStatus
		deadline string
		note     bool
	}{
		{"in time", facts("因病"), ms(meas(TypeEmployment, "务工就业", "2026-04-01")), "2026-11-28", StatusOK, "2026-04-10", false},
		{"late but met", facts("因病"), ms(meas(TypeIndustry, "养殖业", "2026-05-01")), "2026-11-28", StatusOK, "2026-04-10", true},
		{"started on the deadline", facts("因病"), ms(meas(TypeFinance, "小额信贷", "2026-04-10")), "2026-11-28", StatusOK, "2026-04-10", false},
		{"overdue", facts("因病"), ms(meas(TypeHealth, "医疗救助", "2026-03-15")), "2026-04-11", StatusOverdue, "2026-04-10", false},
		{"on the deadline day: pending", facts("因病"), nil, "2026-04-10", StatusPending, "2026-04-10", false},
		{"before the deadline: pending", facts("因病"), nil, "2026-03-20", StatusPending, "2026-04-10", false},
		{"cancelled measure does not count", facts("因病"), ms(cancelledJob), "2026-11-28", StatusOverdue, "2026-04-10", false},
		{"planned after as_of does not count", facts("因病"), ms(meas(TypePublicJob, "乡村公益岗位", "2026-12-01")), "2026-11-28", StatusOverdue, "2026-04-10", false},
		{"month only: from the 1st", monthOnly, nil, "2026-04-02", StatusOverdue, "2026-04-01", false},
		{"identified_on outside the month is ignored", staleDay, nil, "2026-03-31", StatusPending, "2026-04-01", false},
		{"no labour", noLabour, nil, "2026-11-28", StatusNA, "", false},
		{"labour unknown", unknownLabour, nil, "2026-11-28", StatusNA, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := find(Evaluate(c.f, c.measures, DefaultFitRules(), day(c.asOf)), RuleDevelopment, "")
			if r.Status != c.want || r.Met != (c.want == StatusOK) || r.Deadline != c.deadline {
				t.Fatalf("status %s met %v deadline %s, want %s %s: %s", r.Status, r.Met, r.Deadline, c.want, c.deadline, r.Explanation)
			}
			if (r.Note != "") != c.note {
				t.Errorf("note %q", r.Note)
			}
			if r.Basis != BasisDevelopment || !hasHan(r.Explanation) {
				t.Errorf("basis %q explanation %q", r.Basis, r.Explanation)
			}
		})
	}
}

func TestDevelopmentDeadlineEndOfMonth(t *testing.T) {
	f := facts()
	f.IdentifiedMonth, f.IdentifiedOn = 202601, "2026-01-31"
	if d, _ := f.DevelopmentDeadline(); d.Format(time.DateOnly) != "2026-03-03" {
		t.Errorf("deadline %s, want AddDate's 2026-03-03", d.Format(time.DateOnly))
	}
}

func TestSafetyNetRule(t *testing.T) {
	alone := facts("因缺劳动力")
	alone.Labour = false
	onDibao := alone
	onDibao.SafetyNetPresent = true
	unknownLabour := alone
	unknownLabour.LabourKnown = false
	cases := []struct {
		name     string
		f        Facts
		measures []Measure
		want     CheckStatus
	}{
		{"no labour, nothing", alone, ms(meas(TypeSafetyNet, "临时救助", "2026-04-01")), StatusMismatch},
		{"no labour, member on 低保", onDibao, nil, StatusOK},
		{"no labour, 纳入低保 measure", alone, ms(meas(TypeSafetyNet, SubDibao, "2026-04-01")), StatusOK},
		{"no labour, 纳入特困供养 measure", alone, ms(meas(TypeSafetyNet, SubTekun, "2026-04-01")), StatusOK},
		{"no labour, 低保 measure not started", alone, ms(meas(TypeSafetyNet, SubDibao, "2026-12-01")), StatusMismatch},
		{"labour", facts("因病"), nil, StatusNA},
		{"labour unknown", unknownLabour, nil, StatusNA},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Evaluate(c.f, c.measures, DefaultFitRules(), day("2026-11-28"))
			r := find(rep, RuleSafetyNet, "")
			if r.Status != c.want || r.Met != (c.want == StatusOK) || r.Basis != BasisSafetyNet || !hasHan(r.Explanation) {
				t.Fatalf("%+v, want %s", r, c.want)
			}
			if rep.Has(RuleSafetyNet, StatusMismatch) != (c.want == StatusMismatch) {
				t.Error("Has disagrees")
			}
		})
	}
}

func TestMonitoredAt(t *testing.T) {
	cases := []struct {
		f    Facts
		asOf string
		want bool
	}{
		{Facts{}, "2026-11-28", false},
		{Facts{IdentifiedMonth: 202612}, "2026-11-28", false},
		{Facts{IdentifiedMonth: 202611}, "2026-11-01", true},
		{Facts{IdentifiedMonth: 202201, Eliminated: true, EliminatedMonth: 202306}, "2023-05-31", true},
		{Facts{IdentifiedMonth: 202201, Eliminated: true, EliminatedMonth: 202306}, "2023-06-01", false},
		{Facts{IdentifiedMonth: 202201, EliminatedMonth: 202306, RemarkedMonth: 202603}, "2026-02-28", false},
		{Facts{IdentifiedMonth: 202201, EliminatedMonth: 202306, RemarkedMonth: 202603}, "2026-03-01", true},
	}
	for i, c := range cases {
		if got := c.f.MonitoredAt(day(c.asOf)); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
	rep := Evaluate(Facts{IdentifiedMonth: 202612, RiskTypes: []string{"因病"}}, nil, DefaultFitRules(), day("2026-11-28"))
	if rep.Monitored || len(rep.Results) != 0 || rep.Flagged() {
		t.Errorf("a household not yet monitored was checked: %+v", rep)
	}
}

// TestReportOrder: risks in the household's order, then the two national
// rules; Flagged when any fails.
func TestReportOrder(t *testing.T) {
	rep := Evaluate(facts("因学", "因病"), ms(meas(TypeHealth, "医疗救助", "2026-03-11")), DefaultFitRules(), day("2026-11-28"))
	var got []string
	for _, r := range rep.Results {
		got = append(got, string(r.Rule)+":"+r.Risk+":"+string(r.Status))
	}
	want := "risk_fit:因学:mismatch risk_fit:因病:ok development::overdue safety_net::n/a"
	if strings.Join(got, " ") != want || !rep.Flagged() {
		t.Errorf("results %v", got)
	}
}
