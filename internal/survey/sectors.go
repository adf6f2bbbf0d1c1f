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
	r.health(s)
	r.housing(s)
}

// since is the period of the sector figures: "{year}年1月1日至{date}，".
func (r *Report) since() string {
	return strconv.Itoa(r.AsOf.Year()) + "年1月1日至" + r.date() + "，"
}
