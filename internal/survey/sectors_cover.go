package survey

import (
	"strconv"

	"fangpin/internal/stats"
)

// health writes 健康帮扶: claims, insurance of the low-income and family
// doctors, a sentence for each (one saying there are no records where the
// figure is 0), or the notHeld line when all three are 0.
func (r *Report) health(s stats.Sectors) {
	m := s.Medical
	if m.LowIncomePersonsReimbursed == 0 && m.LowIncomeInsured == 0 && m.DoctorHouseholds == 0 {
		r.notHeld("健康帮扶", "基本医疗保险报销、参保资助和家庭医生签约")
		return
	}
	var out string
	if m.LowIncomePersonsReimbursed > 0 {
		out = r.since() + "为" + num(m.LowIncomePersonsReimbursed) + "名农村低收入人口报销基本医疗保险" +
			wan(m.Basic) + "万元，报销大病保险" + wan(m.SeriousIllness) + "万元，支付医疗救助" + wan(m.Assistance) + "万元。"
	} else {
		out = r.since() + "系统中没有农村低收入人口的医疗费用结算记录。"
	}
	year := strconv.Itoa(r.AsOf.Year())
	if m.LowIncomeInsured > 0 {
		out += year + "年度农村低收入人口" + num(m.LowIncomePersons) + "人中参加基本医疗保险" + num(m.LowIncomeInsured) +
			"人，参保率" + pct(m.LowIncomeInsured, m.LowIncomePersons) + "，落实资助参保资金" + wan(m.PremiumSubsidy) + "万元。"
	} else {
		out += "系统中没有农村低收入人口" + year + "年度的参保记录。"
	}
	if m.DoctorHouseholds > 0 {
		out += "截至" + r.date() + "，脱贫户和监测户" + num(m.DoctorHouseholdsTotal) + "户中" + num(m.DoctorHouseholds) +
			"户已签约家庭医生，脱贫户和监测户家庭医生签约率" + pct(m.DoctorHouseholds, m.DoctorHouseholdsTotal) + "。"
	} else {
		out += "系统中没有覆盖" + r.date() + "的脱贫户和监测户家庭医生签约记录。"
	}
	r.p("健康帮扶方面，" + out)
}

// housing writes 住房安全: the ratings by the six priority groups and the
// unsafe houses, and the retrofits completed in the period, or the notHeld
// line when there are neither ratings, unsafe houses nor retrofits.
func (r *Report) housing(s stats.Sectors) {
	h := s.Housing
	if h.HouseholdsChecked == 0 && h.Unsafe == 0 && h.RetrofitsCompleted == 0 {
		r.notHeld("住房安全", "农房安全动态监测和危房改造")
		return
	}
	out := r.since()
	if h.HouseholdsChecked > 0 {
		g := h.PriorityGroups
		out += "完成农村低收入群体等六类重点对象住房安全动态监测" + num(h.HouseholdsChecked) + "户（脱贫户" + num(g.FormerlyPoor) +
			"户、监测对象" + num(g.Monitored) + "户、低保户" + num(g.Dibao) + "户、特困户" + num(g.Tekun) + "户、分散供养特困户" +
			num(g.TekunDispersed) + "户、其他困难户" + num(g.Other) + "户）；"
	} else {
		out += "系统中没有农房安全鉴定记录；"
	}
	out += "截至" + r.date() + "，鉴定为C级或D级且尚未完成改造的农房有" + num(h.Unsafe) + "户。"
	if h.RetrofitsCompleted > 0 {
		out += r.since() + "完成危房改造" + num(h.RetrofitsCompleted) + "户，落实补助资金" + wan(h.RetrofitSubsidy) + "万元。"
	} else {
		out += r.since() + "系统中没有竣工的危房改造记录。"
	}
	r.p("住房安全方面，" + out)
}
