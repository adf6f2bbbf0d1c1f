package survey

import (
	"strings"
	"testing"
)

// TestSectorsText: 一、（二） states the overview's sectors figures in the
// founding document's form, and keeps the notHeld line of a sector whose
// figures are all 0.
func TestSectorsText(t *testing.T) {
	f := sample()
	s := &f.Overview.Sectors
	s.Education.AidAmount, s.Education.AidPersonTimes, s.Education.AidFormerlyPoorPersonTimes = 1715934999, 28837, 2839
	s.Medical.LowIncomePersonsReimbursed, s.Medical.Basic, s.Medical.SeriousIllness, s.Medical.Assistance = 20328, 2184580000, 39438000, 68720000
	got := text(compose(city, day, DefaultSettings, f))
	for _, want := range []string{
		"教育帮扶方面，2026年1月1日至2026年11月28日，落实各项教育资助1715.93万元，受益学生28837人次，其中已脱贫学生2839人次，全市义务教育阶段无失学辍学学生。",
		"健康帮扶方面，2026年1月1日至2026年11月28日，为20328名农村低收入人口报销基本医疗保险2184.58万元，报销大病保险39.44万元，支付医疗救助68.72万元。",
		"住房安全方面，系统尚未汇集",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	s.Education.DropoutsCompulsory, s.Housing.HouseholdsChecked, s.Housing.Unsafe = 2, 4169, 0
	got = text(compose(city, day, DefaultSettings, f))
	for _, want := range []string{"全市义务教育阶段有辍学学生2人，已落实控辍保学跟踪0人。",
		"住房安全方面，2026年1月1日至2026年11月28日，对4169户农户开展住房安全鉴定；截至2026年11月28日，鉴定为C级或D级且尚未完成改造的农房有0户。"} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
}
