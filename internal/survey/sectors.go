package survey

import "strconv"

// sectors writes the lines of 一、（二） that the overview's sectors block
// (docs/figures.md, "Sectors (三保障)") gives: education, medical and
// housing, each in the founding document's form, or the notHeld line when
// its figures are all 0 (no feed rows of the kind count in the period).
func (r *Report) sectors() {
	s := r.Figures.Overview.Sectors
	if e := s.Education; e.AidAmount == 0 && e.AidPersonTimes == 0 && e.DropoutsCompulsory == 0 {
		r.notHeld("教育帮扶", "教育资助和控辍保学")
	} else {
		out := "义务教育阶段无辍学学生"
		if e.DropoutsCompulsory > 0 {
			out = "义务教育阶段有辍学学生" + num(e.DropoutsCompulsory) + "人"
		}
		r.p("教育帮扶方面，" + r.since() + "落实各项教育资助" + wan(e.AidAmount) + "万元，受益学生" + num(e.AidPersonTimes) +
			"人次，其中已脱贫学生" + num(e.AidFormerlyPoorPersonTimes) + "人次，" + r.all() + out + "。")
	}
	r.health(s)
	r.housing(s)
}

// since is the period of the sector figures: "{year}年1月1日至{date}，".
func (r *Report) since() string {
	return strconv.Itoa(r.AsOf.Year()) + "年1月1日至" + r.date() + "，"
}
