package demo

import (
	"strconv"
	"strings"
	"time"

	"fangpin/internal/idcard"
)

var (
	majorDiseases   = []string{"恶性肿瘤", "尿毒症", "脑梗死", "冠心病", "重症肺炎", "白血病"}
	chronicDiseases = []string{"高血压", "糖尿病", "慢性阻塞性肺疾病", "类风湿关节炎", "慢性肾炎", "脑血管病后遗症"}
	minorDiseases   = []string{"急性支气管炎", "骨折", "阑尾炎", "胃肠炎", ""}
	disabilityKinds = []string{"视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾"}
	gradeNames      = []string{"一级", "二级", "三级", "四级"}
	hazards         = []string{"冰雹", "干旱", "洪涝", "霜冻", "大风"}
)

// medical writes the claims of one person: several large ones for a major
// illness, small regular ones for a chronic one, now and then one for
// anybody. Reimbursement follows the three layers; the rest is 个人自付.
func (f *feeder) medical(id string, m *member) {
	switch {
	case strings.Contains(m.health, "患有大病"):
		d := majorDiseases[f.r.IntN(len(majorDiseases))]
		for n := 2 + f.r.IntN(5); n > 0; n-- {
			f.claim(id, d, int64(500_000+f.r.IntN(7_500_000)), m)
		}
	case strings.Contains(m.health, "长期慢性病"):
		d := chronicDiseases[f.r.IntN(len(chronicDiseases))]
		for n := 2 + f.r.IntN(7); n > 0; n-- {
			f.claim(id, d, int64(30_000+f.r.IntN(470_000)), m)
		}
	case f.chance(0.08):
		f.claim(id, minorDiseases[f.r.IntN(len(minorDiseases))], int64(20_000+f.r.IntN(280_000)), m)
	}
}

// claim writes one settlement of total fen.
func (f *feeder) claim(id, disease string, total int64, m *member) {
	basic := total * int64(50+f.r.IntN(16)) / 100
	var serious, assist int64
	if total > 1_500_000 {
		serious = (total - basic) * int64(20+f.r.IntN(31)) / 100
	}
	if m.poor || m.dibao || m.tekun {
		assist = (total - basic - serious) * int64(10+f.r.IntN(31)) / 100
	}
	oop := total - basic - serious - assist
	f.write("medical", id, f.day(540), yuan(total), yuan(basic), yuan(serious), yuan(assist), yuan(oop), disease)
}

// stranger writes a claim of somebody registered in another city: the
// unmatched rows every real feed has.
func (f *feeder) stranger() {
	f.out++
	birth := time.Date(1950+f.r.IntN(60), time.Month(1+f.r.IntN(12)), 1+f.r.IntN(28), 0, 0, 0, 0, time.UTC)
	first17 := "620102" + birth.Format("20060102") + strconv.Itoa(100+f.out%900)
	id := first17 + string(idcard.CheckChar(first17))
	f.claim(id, minorDiseases[f.r.IntN(len(minorDiseases))], int64(20_000+f.r.IntN(200_000)), &member{})
}

// education writes school aid for pupils, and a dropout now and then among
// the 6–15-year-olds of poorer families.
func (f *feeder) education(m *member) {
	stage := stageOf(m.schooling)
	age := idcard.Age(m.birth, f.cfg.AsOf)
	switch {
	case stage == "" && age >= 6 && age <= 15 && m.schooling == "" || stage != "" && age >= 6 && age <= 15 &&
		(m.poor || m.dibao) && f.chance(0.01):
		f.write("education", m.id, orDefault(stage, "初中"), "辍学", "", "0.00", f.day(300))
	case stage == "小学" || stage == "初中":
		if m.poor || m.dibao {
			f.write("education", m.id, stage, "在校", "营养改善计划", "800.00", f.day(365))
		}
		if stage == "初中" && m.poor && f.chance(0.5) {
			f.write("education", m.id, stage, "在校", "寄宿生生活补助", "1250.00", f.day(365))
		}
	case stage == "高中" || stage == "中职":
		if m.poor || m.dibao {
			f.write("education", m.id, stage, "在校", "国家助学金", "2000.00", f.day(365))
		}
	case stage == "大学" && m.poor && f.chance(0.6):
		f.write("education", m.id, stage, "在校", "雨露计划", "3000.00", f.day(365))
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// stageOf maps 在校生状况 to the 学段 the education bureau reports.
func stageOf(schooling string) string {
	switch {
	case schooling == "小学":
		return "小学"
	case strings.HasSuffix(schooling, "年级") && !strings.Contains(schooling, "高") && !strings.Contains(schooling, "职"):
		return "初中"
	case strings.HasPrefix(schooling, "普通高中"):
		return "高中"
	case strings.HasPrefix(schooling, "中职"):
		return "中职"
	case strings.HasPrefix(schooling, "高职"), schooling == "本科", strings.HasPrefix(schooling, "硕士"):
		return "大学"
	}
	return ""
}

// civil writes 低保 and 特困 support and the occasional temporary aid.
func (f *feeder) civil(m *member) {
	if m.dibao {
		f.write("civil", m.id, "低保", yuan(int64(300_000+f.r.IntN(200_000))), f.day(1500), "", "")
	}
	if m.tekun && m.head {
		f.write("civil", m.id, "特困", yuan(int64(800_000+f.r.IntN(200_000))), f.day(1500), "", f.supportMode())
	}
	if m.head && strings.Contains(m.health, "患有大病") && f.chance(0.2) {
		d := f.day(400) // a one-off payment: it ends on the day it starts
		f.write("civil", m.id, "临时救助", yuan(int64(100_000+f.r.IntN(400_000))), d, d, "")
	}
}

// disability writes the certificate of a disabled person, a few of them new.
func (f *feeder) disability(m *member) {
	if !strings.Contains(m.health, "残疾") {
		return
	}
	issued := f.cfg.AsOf.AddDate(-2-f.r.IntN(12), 0, -f.r.IntN(365)).Format(time.DateOnly)
	if f.chance(0.06) {
		issued = f.day(330)
	}
	g := pick(f.r, []weighted[int]{{0, 0.1}, {1, 0.2}, {2, 0.35}, {3, 0.35}})
	f.write("disability", m.id, disabilityKinds[f.r.IntN(len(disabilityKinds))], gradeNames[g], issued)
}

// employment writes migrant workers' status; a few lost their job lately.
func (f *feeder) employment(m *member) {
	if m.months <= 0 {
		return
	}
	place := orDefault(m.place, "省内县外")
	f.write("employment", m.id, "务工", place, strconv.Itoa(m.months), f.cfg.AsOf.AddDate(0, -10-f.r.IntN(6), 0).Format(time.DateOnly))
	if f.chance(0.03) {
		f.write("employment", m.id, "失业", place, "0", f.day(240))
	}
}

// death writes the rare death, more often among the old.
func (f *feeder) death(m *member) {
	age := idcard.Age(m.birth, f.cfg.AsOf)
	p := 0.001
	if age >= 70 {
		p = 0.01
	}
	if f.chance(p) {
		f.write("death", m.id, f.day(360))
	}
}

// housing rates a quarter of the houses; C and D are rare. It returns the
// grade and the day ("" when the house was not rated).
func (f *feeder) housing(m *member) (grade, day string) {
	if !f.chance(0.25) {
		return "", ""
	}
	g := pick(f.r, []weighted[string]{{"A", 0.6}, {"B", 0.35}, {"C", 0.04}, {"D", 0.01}})
	d := f.day(700)
	f.write("housing", m.id, g, d)
	return g, d
}

// disaster writes the losses of the few households hit this year or last.
func (f *feeder) disaster(m *member) {
	if !f.chance(0.015) {
		return
	}
	f.write("disaster", m.id, hazards[f.r.IntN(len(hazards))], yuan(int64(100_000+f.r.IntN(2_900_000))), f.day(540))
}
