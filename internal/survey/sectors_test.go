package survey

import (
	"testing"

	"fangpin/internal/stats"
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
	reportHas(t, got,
		"教育帮扶方面，2026年1月1日至2026年11月28日，落实各项教育资助1715.93万元，受益学生28837人次，其中已脱贫学生2839人次，全市义务教育阶段无失学辍学学生。",
		"健康帮扶方面，2026年1月1日至2026年11月28日，为20328名农村低收入人口报销基本医疗保险2184.58万元，报销大病保险39.44万元，支付医疗救助68.72万元。",
		"住房安全方面，系统尚未汇集",
	)
	reportHas(t, got, "系统中没有农村低收入人口2026年度的参保记录。", "系统中没有覆盖2026年11月28日的脱贫户和监测户家庭医生签约记录。")
	s.Education.DropoutsCompulsory, s.Housing.HouseholdsChecked, s.Housing.Unsafe = 2, 4169, 0
	s.Housing.PriorityGroups = stats.PriorityGroups{FormerlyPoor: 3000, Monitored: 160, Dibao: 500, Tekun: 9, TekunDispersed: 100, Other: 400}
	s.Medical.LowIncomePersons, s.Medical.LowIncomeInsured, s.Medical.PremiumSubsidy = 52000, 51987, 1023456789
	s.Medical.DoctorHouseholdsTotal, s.Medical.DoctorHouseholds = 14000, 14000
	got = text(compose(city, day, DefaultSettings, f))
	reportHas(t, got, "全市义务教育阶段有辍学学生2人，已落实控辍保学跟踪0人。",
		"住房安全方面，2026年1月1日至2026年11月28日，完成农村低收入群体等六类重点对象住房安全动态监测4169户（脱贫户3000户、监测对象160户、低保户500户、特困户9户、分散供养特困户100户、其他困难户400户）；截至2026年11月28日，鉴定为C级或D级且尚未完成改造的农房有0户。2026年1月1日至2026年11月28日，系统中没有竣工的危房改造记录。",
		"2026年度农村低收入人口52000人中参加基本医疗保险51987人，参保率100.0%，落实资助参保资金1023.46万元。",
		"截至2026年11月28日，脱贫户和监测户14000户中14000户已签约家庭医生，脱贫户和监测户家庭医生签约率100.0%。")
	s.Housing.RetrofitsCompleted, s.Housing.RetrofitSubsidy = 67, 110_420_000
	s.Medical.LowIncomePersonsReimbursed = 0
	got = text(compose(city, day, DefaultSettings, f))
	reportHas(t, got, "2026年1月1日至2026年11月28日，完成危房改造67户，落实补助资金110.42万元。",
		"健康帮扶方面，2026年1月1日至2026年11月28日，系统中没有农村低收入人口的医疗费用结算记录。2026年度")
}
