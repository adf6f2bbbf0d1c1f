package demo

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fangpin/internal/idcard"
)

// audit checks generated rows as an importer would and counts the figures of
// the founding report. Rows arrive household by household.
type audit struct {
	t        testing.TB
	cfg      Config
	villages map[string]bool
	ids      map[string]bool
	codes    map[string]bool
	cur      [][]string
	fig      figures
	failures int
}

// figures are what the shape test compares with the report.
type figures struct {
	households, persons, poorHouseholds, poorPersons      int
	poorIll, poorMajor, poorIllHouseholds, poorDisabled   int
	ordinaryIllHouseholds                                 int
	monitored, monitoredPersons, thisYear, elim, remarked int
	insured                                               int
	incomePoor, incomeOrdinary, incomeMonitored           []float64
	noIncome, risks                                       int
	riskCount                                             map[string]int
}

func newAudit(t testing.TB, cfg Config) *audit {
	vs, err := villages()
	if err != nil {
		t.Fatal(err)
	}
	a := &audit{t: t, cfg: cfg, villages: map[string]bool{}, ids: map[string]bool{}, codes: map[string]bool{}}
	a.fig.riskCount = map[string]int{}
	for _, v := range vs {
		a.villages[v.code] = true
	}
	return a
}

// run generates cfg through the audit.
func (a *audit) run() Summary {
	sum, err := Generate(a.cfg, a.row)
	if err != nil {
		a.t.Fatalf("Generate: %v", err)
	}
	a.flush()
	return sum
}

func (a *audit) failf(format string, args ...any) {
	a.t.Helper()
	if a.failures++; a.failures <= 20 {
		a.t.Errorf(format, args...)
	}
}

func (a *audit) row(r []string) error {
	if len(r) != len(Header) {
		a.failf("row has %d columns", len(r))
		return nil
	}
	if len(a.cur) > 0 && a.cur[0][colCode] != r[colCode] {
		a.flush()
	}
	a.cur = append(a.cur, r)
	a.person(r)
	return nil
}

// flush checks and counts the household whose rows are in cur.
func (a *audit) flush() {
	if len(a.cur) == 0 {
		return
	}
	rows := a.cur
	a.cur = nil
	code := rows[0][colCode]
	if a.codes[code] {
		a.failf("户编号 %s appears in two places", code)
	}
	a.codes[code] = true
	a.household(rows)
	a.count(rows)
}

// householdCols must be equal on every row of a household.
var householdCols = []int{colRegion, colCode, colType, colHouseholdPhone, colIncome, colIncomeYear, colCategory,
	colIdentified, colEliminated, colMode, colEliminatedAt, colRemarkedAt, colRisk1, colRisk1 + 1, colRisk1 + 2, colRisk1 + 3, colRisk1 + 4}

func (a *audit) household(rows [][]string) {
	code := rows[0][colCode]
	heads := 0
	for i, r := range rows {
		if r[colRelation] == "户主" {
			heads++
			if i != 0 {
				a.failf("%s: 户主 on row %d, not first", code, i)
			}
		}
		for _, c := range householdCols {
			if r[c] != rows[0][c] {
				a.failf("%s: %s differs: %q vs %q", code, Header[c], r[c], rows[0][c])
			}
		}
	}
	if heads != 1 {
		a.failf("%s: %d 户主", code, heads)
	}
	if len(code) != 14 || code[:6] != rows[0][colRegion][:6] || strings.Trim(code, "0123456789") != "" {
		a.failf("%s: bad 户编号 for region %s", code, rows[0][colRegion])
	}
	if !a.villages[rows[0][colRegion]] {
		a.failf("%s: region %s is not a village of the city", code, rows[0][colRegion])
	}
	a.kinship(rows)
	a.monitoring(rows[0])
}

// kinship: parents older than the head, children and grandchildren younger,
// relations that name a sex agree with it.
func (a *audit) kinship(rows [][]string) {
	head := a.age(rows[0])
	for _, r := range rows[1:] {
		age, rel := a.age(r), r[colRelation]
		if sex, ok := relationSex[rel]; ok && r[colSex] != sex {
			a.failf("%s: %s is %s", r[colID], rel, r[colSex])
		}
		switch {
		case (rel == "之父" || rel == "之母") && age < head+16,
			(rel == "之子" || rel == "之女") && age > head-16,
			(rel == "之孙子" || rel == "之孙女") && age > head-32:
			a.failf("%s: %s aged %d, head aged %d", r[colCode], rel, age, head)
		}
	}
}

var relationSex = map[string]string{"之父": "男", "之母": "女", "之子": "男", "之女": "女", "之孙子": "男", "之孙女": "女", "之儿媳": "女"}

func (a *audit) age(r []string) int {
	info, err := idcard.Parse(r[colID], a.cfg.AsOf)
	if err != nil {
		return -1
	}
	return info.AgeAt(a.cfg.AsOf)
}

// person checks one row's own columns.
func (a *audit) person(r []string) {
	id := r[colID]
	info, err := idcard.Parse(id, a.cfg.AsOf)
	switch {
	case err != nil:
		a.failf("ID %s: %v", id, err)
	case info.Sex() != r[colSex]:
		a.failf("ID %s: 性别 %s", id, r[colSex])
	case info.Region != r[colRegion][:6]:
		a.failf("ID %s in region %s", id, r[colRegion])
	case a.ids[id]:
		a.failf("ID %s issued twice", id)
	}
	a.ids[id] = true
	if (r[colEducation] == "") == (r[colSchooling] == "") {
		a.failf("ID %s: 文化程度 %q, 在校生状况 %q", id, r[colEducation], r[colSchooling])
	}
	for _, c := range []struct {
		col int
		set map[string]bool
	}{{colRelation, relations}, {colLabour, labours}, {colEthnic, ethnics}, {colPlace, places}} {
		if !c.set[r[c.col]] {
			a.failf("ID %s: %s %q", id, Header[c.col], r[c.col])
		}
	}
	a.healthOK(r)
	a.labourOK(r, info.AgeAt(a.cfg.AsOf))
}

var (
	relations = setOf("户主", "配偶", "之子", "之女", "之儿媳", "之孙子", "之孙女", "之父", "之母", "之兄弟姐妹")
	labours   = setOf(labourOrdinary, labourSkilled, labourWeak, labourLost, labourNone)
	ethnics   = setOf("汉族", "回族", "藏族")
	places    = setOf("", "县内", "省内县外", "省外")
	risks     = setOf("因病", "因残", "因学", "因自然灾害", "因意外事故", "因产业失败", "因务工就业不稳", "因缺劳动力", "其他")
)

func setOf(vs ...string) map[string]bool {
	m := map[string]bool{}
	for _, v := range vs {
		m[v] = true
	}
	return m
}

func healthParts(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == ',' || r == '，' })
}

func (a *audit) healthOK(r []string) {
	parts := healthParts(r[colHealth])
	ok := len(parts) > 0
	for _, p := range parts {
		ok = ok && (p == "长期慢性病" || p == "患有大病" || p == "残疾" || (p == "健康" && len(parts) == 1))
	}
	if !ok {
		a.failf("ID %s: 健康状况 %q", r[colID], r[colHealth])
	}
}

// labourOK: children and students have no labour; work months only for some.
func (a *audit) labourOK(r []string, age int) {
	if (age < 16 || r[colSchooling] != "") && r[colLabour] != labourNone {
		a.failf("ID %s aged %d, %s: %s", r[colID], age, r[colSchooling], r[colLabour])
	}
	if age >= 18 && r[colSchooling] == "学龄前儿童" {
		a.failf("ID %s aged %d is 学龄前儿童", r[colID], age)
	}
	if m := r[colMonths]; m != "" {
		if n, err := strconv.Atoi(m); err != nil || n < 0 || n > 12 || (n == 0) != (r[colPlace] == "") {
			a.failf("ID %s: 务工 %q months at %q", r[colID], m, r[colPlace])
		}
	}
}

// parseMonth reads YYYYMM.
func parseMonth(s string) (month, error) {
	t, err := time.Parse("200601", s)
	if err != nil {
		return 0, err
	}
	return monthOf(t), nil
}

func mustMonth(a *audit, code, s string) month {
	m, err := parseMonth(s)
	if err != nil {
		a.failf("%s: month %q: %v", code, s, err)
	}
	return m
}

// monitoring checks the monitoring columns against each other and AsOf.
func (a *audit) monitoring(r []string) {
	code := r[colCode]
	if r[colCategory] == "" {
		if strings.Join(r[colIdentified:], "") != "" {
			a.failf("%s: not monitored but has monitoring columns %v", code, r[colIdentified:])
		}
		return
	}
	ident := mustMonth(a, code, r[colIdentified])
	asOf := monthOf(a.cfg.AsOf)
	if ident < month(2021*12) || ident > asOf {
		a.failf("%s: identified %s", code, r[colIdentified])
	}
	a.categoryOK(r)
	a.eliminationOK(r, ident, asOf)
	a.risksOK(r)
}

func (a *audit) categoryOK(r []string) {
	want := []string{catMarginal, catSudden}
	if r[colType] == "脱贫户" {
		want = []string{catUnstable}
	}
	if !slices.Contains(want, r[colCategory]) {
		a.failf("%s: %s is %s", r[colCode], r[colType], r[colCategory])
	}
}

func (a *audit) eliminationOK(r []string, ident, asOf month) {
	code, jan := r[colCode], month(a.cfg.Year*12)
	if r[colEliminatedAt] == "" {
		if r[colEliminated] != "否" || r[colMode] != "" || r[colRemarkedAt] != "" {
			a.failf("%s: never eliminated but %v", code, r[colEliminated:colRisk1])
		}
		return
	}
	elim := mustMonth(a, code, r[colEliminatedAt])
	if elim < ident+6 || elim > asOf || (r[colMode] != "帮扶消除" && r[colMode] != "自然消除") {
		a.failf("%s: identified %s, eliminated %s by %q", code, r[colIdentified], r[colEliminatedAt], r[colMode])
	}
	if r[colRemarkedAt] == "" {
		if r[colEliminated] != "是" {
			a.failf("%s: eliminated %s but 风险是否已消除=%s", code, r[colEliminatedAt], r[colEliminated])
		}
		return
	}
	re := mustMonth(a, code, r[colRemarkedAt])
	if r[colEliminated] != "否" || re <= elim || re < jan || re > asOf {
		a.failf("%s: eliminated %s, re-marked %s, 风险是否已消除=%s", code, r[colEliminatedAt], r[colRemarkedAt], r[colEliminated])
	}
}

func (a *audit) risksOK(r []string) {
	rs := r[colRisk1:]
	n := 0
	for n < len(rs) && rs[n] != "" {
		n++
	}
	ok := n >= 1 && n <= 3 && strings.Join(rs[n:], "") == ""
	for i, v := range rs[:n] {
		ok = ok && risks[v] && !slices.Contains(rs[:i], v)
		a.fig.riskCount[v]++
	}
	if !ok {
		a.failf("%s: risks %v", r[colCode], rs)
	}
}

// count adds the household to the figures.
func (a *audit) count(rows [][]string) {
	f, r0 := &a.fig, rows[0]
	f.households++
	f.persons += len(rows)
	ill, income := 0, parseIncome(a, r0)
	for _, r := range rows {
		if r[colInsured] == "是" {
			f.insured++
		}
		if r[colType] != "脱贫户" {
			if isIll(r[colHealth]) {
				ill++
			}
			continue
		}
		f.poorPersons++
		if isIll(r[colHealth]) {
			ill++
			f.poorIll++
		}
		if strings.Contains(r[colHealth], "患有大病") {
			f.poorMajor++
		}
		if strings.Contains(r[colHealth], "残疾") {
			f.poorDisabled++
		}
	}
	a.countHousehold(r0, len(rows), ill, income)
}

func isIll(h string) bool {
	return strings.Contains(h, "长期慢性病") || strings.Contains(h, "患有大病")
}

func parseIncome(a *audit, r []string) float64 {
	if r[colIncome] == "" {
		a.fig.noIncome++
		return -1
	}
	v, err := strconv.ParseFloat(r[colIncome], 64)
	if err != nil || v <= 0 || strings.Contains(r[colIncome], ".") && len(r[colIncome])-strings.Index(r[colIncome], ".") != 3 {
		a.failf("%s: income %q", r[colCode], r[colIncome])
	}
	if r[colIncomeYear] != fmt.Sprint(a.cfg.Year-1) {
		a.failf("%s: income year %q", r[colCode], r[colIncomeYear])
	}
	return v
}

func (a *audit) countHousehold(r []string, n, ill int, income float64) {
	f := &a.fig
	a.addIncome(r, income)
	if r[colType] == "脱贫户" {
		f.poorHouseholds++
		f.poorIllHouseholds += min(ill, 1)
	} else {
		f.ordinaryIllHouseholds += min(ill, 1)
	}
	if r[colCategory] == "" {
		return
	}
	f.monitored++
	f.monitoredPersons += n
	if m, _ := parseMonth(r[colIdentified]); m >= month(a.cfg.Year*12) {
		f.thisYear++
	}
	if r[colEliminated] == "是" {
		f.elim++
	}
	if r[colRemarkedAt] != "" {
		f.remarked++
	}
}

// addIncome files a household's income under monitored, 脱贫户 or 一般农户.
func (a *audit) addIncome(r []string, income float64) {
	if income < 0 {
		return
	}
	f := &a.fig
	switch {
	case r[colCategory] != "":
		f.incomeMonitored = append(f.incomeMonitored, income)
	case r[colType] == "脱贫户":
		f.incomePoor = append(f.incomePoor, income)
	default:
		f.incomeOrdinary = append(f.incomeOrdinary, income)
	}
}
