package demo

import "strconv"

// describe fills a member's personal columns.
func (g *generator) describe(h *household, p *person) {
	p.ethnic = h.ethnic
	p.name = p.surname + g.givenName(p.male, p.age)
	birth := g.cfg.AsOf.AddDate(-p.age, 0, -g.r.IntN(365))
	p.id = g.newID(h.village.county, birth, p.male)
	p.schooling = g.schooling(p.age)
	if p.schooling == "" {
		p.education = pick(g.r, educationByAge(p.age))
	}
	p.labour = g.labourSkill(p)
	g.assignWork(p)
	switch {
	case p.relation == "户主" && g.chance(0.5):
		p.phone = h.phone
	case p.age >= 18 && p.age <= 70 && g.chance(0.45):
		p.phone = g.mobile()
	}
	p.insured = h.poor || h.plan != nil || g.chance(0.985)
}

// School stages (在校生状况) by grade.
var (
	lowerSecondary = [3]string{"七年级", "八年级", "九年级"}
	upperSecondary = [3]string{"普通高中一年级", "普通高中二年级", "普通高中三年级"}
	vocational     = [3]string{"中职一年级", "中职二年级", "中职三年级"}
	higherVoc      = [3]string{"高职一年级", "高职二年级", "高职三年级"}
)

// schooling returns 在校生状况 for a person of that age, or "" for someone
// not in school, who then has a 文化程度. Small children not yet in school
// are 学龄前儿童, so every person has exactly one of the two.
func (g *generator) schooling(age int) string {
	switch {
	case age < 3:
		return "学龄前儿童"
	case age < 6:
		return pick(g.r, []weighted[string]{{"学前教育", 0.9}, {"学龄前儿童", 0.1}})
	case age < 12:
		return "小学"
	case age < 15:
		return lowerSecondary[age-12]
	case age < 18:
		return pick(g.r, []weighted[string]{{upperSecondary[age-15], 0.66}, {vocational[age-15], 0.27}, {"", 0.07}})
	case age < 21 && g.chance(0.16):
		return higherVoc[age-18]
	case age < 22 && g.chance(0.3):
		return "本科"
	case age == 22 && g.chance(0.2):
		return "本科"
	case age > 22 && age < 27 && g.chance(0.03):
		return "硕士研究生及以上"
	}
	return ""
}

// 文化程度 by age: the old went to school less.
var (
	eduYoung = []weighted[string]{{"小学", 0.06}, {"初中", 0.52}, {"高中", 0.42}}
	eduAdult = []weighted[string]{{"小学", 0.08}, {"初中", 0.45}, {"高中", 0.22}, {"大专", 0.14}, {"本科及以上", 0.11}}
	eduMid   = []weighted[string]{{"文盲或半文盲", 0.05}, {"小学", 0.30}, {"初中", 0.48}, {"高中", 0.13}, {"大专", 0.03}, {"本科及以上", 0.01}}
	eduOlder = []weighted[string]{{"文盲或半文盲", 0.18}, {"小学", 0.45}, {"初中", 0.30}, {"高中", 0.07}}
	eduOld   = []weighted[string]{{"文盲或半文盲", 0.50}, {"小学", 0.40}, {"初中", 0.10}}
)

func educationByAge(age int) []weighted[string] {
	switch {
	case age < 22:
		return eduYoung
	case age < 40:
		return eduAdult
	case age < 55:
		return eduMid
	case age < 70:
		return eduOlder
	}
	return eduOld
}

// Labour skills (劳动技能).
const (
	labourOrdinary = "普通劳动力"
	labourSkilled  = "技能劳动力"
	labourWeak     = "弱劳动力或半劳动力"
	labourLost     = "丧失劳动力"
	labourNone     = "无劳动力"
)

// labourSkill: children and students have none; illness, disability and age
// weaken; healthy adults under 60 work.
func (g *generator) labourSkill(p *person) string {
	switch {
	case p.schooling != "" || p.age < 16:
		return labourNone
	case p.major || (p.disabled && g.chance(0.5)):
		return pick(g.r, []weighted[string]{{labourLost, 0.6}, {labourWeak, 0.4}})
	case p.age >= 70:
		return pick(g.r, []weighted[string]{{labourNone, 0.7}, {labourWeak, 0.3}})
	case p.age >= 60 || p.chronic || p.disabled:
		return pick(g.r, []weighted[string]{{labourWeak, 0.55}, {labourOrdinary, 0.45}})
	case g.chance(0.25):
		return labourSkilled
	}
	return labourOrdinary
}

// ableBodied is true for 普通 and 技能劳动力.
func (p *person) ableBodied() bool { return p.labour == labourOrdinary || p.labour == labourSkilled }

// inSchool is true for pupils and students, not for small children at home.
func (p *person) inSchool() bool { return p.schooling != "" && p.schooling != "学龄前儿童" }

// costlySchool is true in stages beyond compulsory education (因学 risk).
func (p *person) costlySchool() bool {
	switch p.schooling {
	case "", "学龄前儿童", "学前教育", "小学", "七年级", "八年级", "九年级":
		return false
	}
	return true
}

var (
	workPlaces = []weighted[string]{{"县内", 0.4}, {"省内县外", 0.35}, {"省外", 0.25}}
	monthsText [13]string
)

func init() {
	for i := range monthsText {
		monthsText[i] = strconv.Itoa(i)
	}
}

// assignWork: about half of the able-bodied work away from the farm for some
// months; a few weak workers near home.
func (g *generator) assignWork(p *person) {
	switch {
	case p.ableBodied() && g.chance(0.55):
		p.months, p.place = monthsText[g.between(3, 12)], pick(g.r, workPlaces)
	case p.ableBodied() && g.chance(0.3):
		p.months = monthsText[0]
	case p.labour == labourWeak && g.chance(0.15):
		p.months, p.place = monthsText[g.between(1, 6)], "县内"
	}
}
