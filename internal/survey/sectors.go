package survey

import "strconv"

// sectors writes the lines of 一、（二） that the overview's sectors block
// (docs/figures.md, "Sectors (三保障)") gives: education, medical,
// housing and water (water.go), each in the founding document's form, or the notHeld line when
// its figures are all 0 (no feed rows of the kind count in the period).
func (r *Report) sectors() {
	s := r.Figures.Overview.Sectors
	if e := s.Education; e.AidAmount == 0 && e.AidPersonTimes == 0 && e.DropoutsCompulsory == 0 && e.DropoutsReturned == 0 {
		r.notHeld("教育帮扶", "教育资助和控辍保学")
	} else {
		aid := "" // no aid row in the period: no aid figure, only the dropouts
		if e.AidAmount != 0 || e.AidPersonTimes != 0 {
			aid = r.since() + "落实各项教育资助" + wan(e.AidAmount) + "万元，受益学生" + num(e.AidPersonTimes) +
				"人次，其中已脱贫学生" + num(e.AidFormerlyPoorPersonTimes) + "人次，"
		}
		r.p("教育帮扶方面，" + aid + r.all() + dropoutText(e.DropoutsCompulsory, e.DropoutsFollowed, e.DropoutsReturned) + "。")
	}
	if m := s.Medical; m.LowIncomePersonsReimbursed == 0 {
		r.notHeld("健康帮扶", "基本医疗保险、大病保险和医疗救助报销")
	} else {
		r.p("健康帮扶方面，" + r.since() + "为" + num(m.LowIncomePersonsReimbursed) + "名农村低收入人口报销基本医疗保险" +
			wan(m.Basic) + "万元，报销大病保险" + wan(m.SeriousIllness) + "万元，支付医疗救助" + wan(m.Assistance) + "万元。")
	}
	if h := s.Housing; h.HouseholdsChecked == 0 && h.Unsafe == 0 {
		r.notHeld("住房安全", "农房安全动态监测和危房改造")
	} else {
		r.p("住房安全方面，" + r.since() + "对" + num(h.HouseholdsChecked) + "户农户开展住房安全鉴定；截至" + r.date() +
			"，鉴定为C级或D级且尚未完成改造的农房有" + num(h.Unsafe) + "户。")
	}
}

// since is the period of the sector figures: "{year}年1月1日至{date}，".
func (r *Report) since() string {
	return strconv.Itoa(r.AsOf.Year()) + "年1月1日至" + r.date() + "，"
}
