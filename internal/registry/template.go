package registry

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/idcard"
	"fangpin/internal/money"
	"fangpin/internal/regcode"
	"fangpin/internal/tabular"
)

// Column names of the household template (docs/formats.md). Aliases are other
// spellings found in national exports.
const (
	ColRegionCode = "行政区划代码"
	ColProvince   = "省"
	ColCity       = "市"
	ColCounty     = "县"
	ColTownship   = "乡"
	ColVillage    = "村"
	ColCode       = "户编号"
	ColType       = "户类型"
	ColName       = "姓名"
	ColID         = "证件号码"
	ColSex        = "性别"
	ColRelation   = "与户主关系"
	ColEthnicity  = "民族"
	ColEducation  = "文化程度"
	ColSchooling  = "在校生状况"
	ColHealth     = "健康状况"
	ColSkill      = "劳动技能"
	ColWorkMonths = "务工时间（月）"
	ColWorkPlace  = "务工所在地"
	ColHHPhone    = "户联系电话"
	ColPhone      = "成员联系电话"
	ColDibao      = "是否享受低保"
	ColTekun      = "是否特困供养人员"
	ColInsured    = "是否参加城乡居民基本医疗保险"
	ColIncome     = "人均纯收入（元）"
	ColIncomeYear = "收入年度"
	ColCategory   = "监测对象类别"
	ColIdentified = "识别监测时间"
	ColEliminated = "风险是否已消除"
	ColElimMode   = "风险消除方式"
	ColElimMonth  = "消除监测时间"
	ColRemarked   = "重新标注风险时间"
)

// ColRisk returns the name of the i-th risk column (1…5).
func ColRisk(i int) string { return fmt.Sprintf("致贫/返贫风险%d", i) }

var aliases = map[string][]string{
	ColID:         {"身份证号", "身份证号码", "证件号"},
	ColRegionCode: {"区划代码", "村代码"},
	ColTownship:   {"乡镇", "乡（镇）", "乡(镇)"},
	ColVillage:    {"行政村", "村（社区）", "村(社区)"},
	ColCounty:     {"县（区）", "县(区)", "县区"},
	ColCity:       {"市（州）", "市(州)"},
	ColIncome:     {"人均纯收入", "家庭人均纯收入（元）", "家庭人均纯收入"},
}

// Issue is one problem found in an import file.
type Issue struct {
	Row     int    // 1-based row in the file (0 for the whole file)
	Col     int    // 0-based column index, -1 when not tied to a column
	Column  string // column name
	Message string // in Chinese
}

func (i Issue) String() string {
	switch {
	case i.Row == 0:
		return i.Message
	case i.Col < 0 && i.Column == "":
		return fmt.Sprintf("第%d行：%s", i.Row, i.Message)
	case i.Col < 0:
		return fmt.Sprintf("第%d行「%s」：%s", i.Row, i.Column, i.Message)
	}
	return fmt.Sprintf("第%d行 %s列「%s」：%s", i.Row, colLetter(i.Col), i.Column, i.Message)
}

// colLetter gives the spreadsheet letter of a 0-based column (0 → A, 26 → AA).
func colLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// layout maps template columns to their positions in one file.
type layout struct {
	at       [numCols]int // column positions by colID
	pos      map[string]int
	byName   bool // region given by the five name columns
	unknown  []string
	hhFields []colID // household-level columns present, in a fixed order
}

var personColumns = []string{ColName, ColID, ColSex, ColRelation, ColEthnicity, ColEducation,
	ColSchooling, ColHealth, ColSkill, ColWorkMonths, ColWorkPlace, ColPhone, ColDibao, ColTekun, ColInsured}

var householdColumns = []string{ColRegionCode, ColProvince, ColCity, ColCounty, ColTownship, ColVillage,
	ColType, ColHHPhone, ColIncome, ColIncomeYear, ColCategory, ColIdentified, ColEliminated,
	ColElimMode, ColElimMonth, ColRemarked}

// normHeader folds full-width brackets so 务工时间(月) and 务工时间（月） match.
func normHeader(h string) string {
	return strings.NewReplacer("(", "（", ")", "）", " ", "").Replace(h)
}

func newLayout(t *tabular.Reader) (*layout, []Issue) {
	idx := map[string]int{}
	for i, h := range t.Header {
		if h = normHeader(h); h != "" {
			if _, dup := idx[h]; !dup {
				idx[h] = i
			}
		}
	}
	l := &layout{pos: map[string]int{}}
	known := map[string]bool{}
	find := func(name string) {
		for _, n := range append([]string{name}, aliases[name]...) {
			if i, ok := idx[normHeader(n)]; ok {
				l.pos[name] = i
				known[normHeader(n)] = true
				return
			}
		}
	}
	for _, c := range append(append([]string{ColCode}, personColumns...), householdColumns...) {
		find(c)
	}
	for i := 1; i <= 5; i++ {
		find(ColRisk(i))
	}
	for h := range idx {
		if !known[h] {
			l.unknown = append(l.unknown, h)
		}
	}
	issues := l.check()
	l.at = l.positions()
	return l, issues
}

func (l *layout) check() []Issue {
	var out []Issue
	for _, c := range []string{ColCode, ColType, ColName, ColID, ColRelation, ColHealth} {
		if _, ok := l.pos[c]; !ok {
			out = append(out, Issue{Row: 1, Col: -1, Column: c, Message: "缺少必填列「" + c + "」"})
		}
	}
	if _, ok := l.pos[ColRegionCode]; !ok {
		l.byName = true
		for _, c := range []string{ColProvince, ColCity, ColCounty, ColTownship, ColVillage} {
			if _, ok := l.pos[c]; !ok {
				out = append(out, Issue{Row: 1, Col: -1, Column: c,
					Message: "缺少「行政区划代码」列时，必须有省、市、县、乡、村五列；缺少「" + c + "」"})
			}
		}
	}
	for id, c := range colNames {
		if _, ok := l.pos[c]; ok && householdLevel(colID(id)) {
			l.hhFields = append(l.hhFields, colID(id))
		}
	}
	return out
}

// col returns the position of a column, -1 when absent.
func (l *layout) col(name string) int {
	if i, ok := l.pos[name]; ok {
		return i
	}
	return -1
}

// householdKey joins the household-level cells of a row, to check that every
// row of a household agrees.
func (l *layout) householdKey(v *[numCols]string) string {
	var b strings.Builder
	for _, c := range l.hhFields {
		v := v[c]
		if c == kIncome {
			if f, err := parseFen(v); err == nil && f != nil {
				v = strconv.FormatInt(*f, 10)
			}
		}
		b.WriteString(v)
		b.WriteByte('\x1f')
	}
	return b.String()
}

// parseFen reads an amount in yuan (money.ParseYuan: a negative per-capita
// income is refused, it is a typing error far more often than a loss) as
// integer fen. An empty cell gives nil: the income is unknown.
func parseFen(s string) (*int64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	v, err := money.ParseYuan(s)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// parseMonth reads a month as civil.ParseMonth does (YYYYMM, also YYYY-MM,
// YYYY/MM, YYYY.MM, YYYY年M月), from 2000 to 2100.
func parseMonth(s string) (int, error) {
	m, err := civil.ParseMonth(s)
	if err != nil {
		return 0, fmt.Errorf("时间%q：%w", s, err)
	}
	if m.Year() < 2000 || m.Year() > 2100 {
		return 0, fmt.Errorf("时间%q不是有效的年月", s)
	}
	return int(m), nil
}

// MonthOf returns the YYYYMM number of a date.
func MonthOf(t time.Time) int { return t.Year()*100 + int(t.Month()) }

// addMonths adds n months to a YYYYMM number.
func addMonths(ym, n int) int {
	m := ym/100*12 + ym%100 - 1 + n
	return m/12*100 + m%12 + 1
}

// record is one parsed template row.
type record struct {
	hh      hhFields
	p       personFields
	regionQ [5]string // the name path when the region is given by names
}

type hhFields struct {
	Code, RegionCode, Type, Phone string
	IncomeFen                     *int64
	IncomeYear                    int
	Category                      string
	IdentifiedMonth               int
	Eliminated                    bool
	EliminationMode               string
	EliminatedMonth               int
	RemarkedMonth                 int
	Risks                         []string
}

type personFields struct {
	ID, Name, Sex, BirthDate, Relation, Ethnicity, Education, Schooling string
	Health                                                              []string
	Chronic, Major, Disabled                                            bool
	LabourSkill                                                         string
	WorkMonths                                                          *int
	WorkPlace, Phone                                                    string
	Dibao, Tekun, Insured                                               *bool
}

// rowParser validates rows against the code lists and the rules that need no
// other row. Region codes are resolved by the caller.
type rowParser struct {
	l          *layout
	now        time.Time
	incomeYear int
	issues     []Issue
	row        int
	v          [numCols]string // the current row's cells
}

func (p *rowParser) bad(col, msg string) {
	p.issues = append(p.issues, Issue{Row: p.row, Col: p.l.col(col), Column: col, Message: msg})
}

func (p *rowParser) parse(rec []string, row int) (record, []Issue) {
	p.row, p.issues = row, p.issues[:0]
	p.l.fill(rec, &p.v)
	var r record
	p.household(rec, &r.hh)
	p.person(rec, &r.p)
	if p.l.byName {
		for i := range r.regionQ {
			r.regionQ[i] = p.v[kProvince+colID(i)]
		}
	} else {
		r.hh.RegionCode = p.v[kRegionCode]
		if r.hh.RegionCode == "" {
			p.bad(ColRegionCode, "必填")
		} else if !regcode.Valid(r.hh.RegionCode) {
			p.bad(ColRegionCode, "应为12位数字的村级区划代码")
		}
	}
	return r, p.issues
}

func (p *rowParser) household(rec []string, h *hhFields) {
	h.Code = p.v[kCode]
	switch {
	case h.Code == "":
		p.bad(ColCode, "必填")
	case len(h.Code) > 40 || strings.ContainsAny(h.Code, " \t"):
		p.bad(ColCode, "户编号不能含空格，且不超过40个字符")
	}
	h.Type = p.v[kType]
	if !householdTypes[h.Type] {
		p.bad(ColType, fmt.Sprintf("%q不是有效的户类型，应为“脱贫户”或“一般农户”", h.Type))
	}
	if h.Phone = p.v[kHHPhone]; h.Phone != "" {
		if err := idcard.ValidPhone(h.Phone); err != nil {
			p.bad(ColHHPhone, err.Error())
		}
	}
	p.income(rec, h)
	p.monitoring(rec, h)
}

func (p *rowParser) income(rec []string, h *hhFields) {
	f, err := parseFen(p.v[kIncome])
	if err != nil {
		p.bad(ColIncome, err.Error())
	}
	h.IncomeFen = f
	h.IncomeYear = p.incomeYear
	if y := p.v[kIncomeYear]; y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > p.now.Year() {
			p.bad(ColIncomeYear, fmt.Sprintf("收入年度%q无效，应为2000至%d之间的年份", y, p.now.Year()))
		}
		h.IncomeYear = n
	}
}

func (p *rowParser) monitoring(rec []string, h *hhFields) {
	nowMonth := MonthOf(p.now)
	month := func(k colID) int {
		col, v := colNames[k], p.v[k]
		if v == "" {
			return 0
		}
		m, err := parseMonth(v)
		if err != nil {
			p.bad(col, err.Error())
			return 0
		}
		if m > nowMonth {
			p.bad(col, "时间不能晚于当前月份")
		}
		return m
	}
	h.Category = p.v[kCategory]
	if h.Category != "" && !categories[h.Category] {
		p.bad(ColCategory, fmt.Sprintf("%q不是有效的监测对象类别", h.Category))
	}
	h.IdentifiedMonth = month(kIdentified)
	h.EliminatedMonth = month(kElimMonth)
	h.RemarkedMonth = month(kRemarked)
	h.EliminationMode = p.v[kElimMode]
	elim := p.v[kEliminated]
	if v, ok := yesNo[elim]; ok {
		h.Eliminated = v
	} else if elim != "" {
		p.bad(ColEliminated, "应为“是”或“否”")
	}
	h.Risks = p.risks(rec)
	p.monitoringRules(h, elim)
}

func (p *rowParser) monitoringRules(h *hhFields, elim string) {
	switch {
	case h.Category != "" && h.IdentifiedMonth == 0:
		p.bad(ColIdentified, "填写了监测对象类别时必须填写识别监测时间（YYYYMM）")
	case h.Category == "" && (h.IdentifiedMonth != 0 || elim != "" || h.EliminationMode != "" || h.EliminatedMonth != 0 || h.RemarkedMonth != 0):
		p.bad(ColCategory, "填写了识别、消除或重新标注信息时必须填写监测对象类别")
	}
	if h.EliminationMode != "" && !eliminationModes[h.EliminationMode] {
		p.bad(ColElimMode, "应为“帮扶消除”或“自然消除”")
	}
	if h.Eliminated {
		if h.EliminationMode == "" {
			p.bad(ColElimMode, "风险已消除时必须填写风险消除方式")
		}
		if h.EliminatedMonth == 0 {
			p.bad(ColElimMonth, "风险已消除时必须填写消除监测时间（YYYYMM）")
		}
	}
	if h.EliminatedMonth != 0 && h.IdentifiedMonth != 0 && h.EliminatedMonth < h.IdentifiedMonth {
		p.bad(ColElimMonth, "消除监测时间不能早于识别监测时间")
	}
	if h.RemarkedMonth != 0 {
		if h.Eliminated {
			p.bad(ColRemarked, "重新标注风险的农户应填写风险是否已消除为“否”")
		}
		if h.EliminatedMonth == 0 || h.RemarkedMonth < h.EliminatedMonth {
			p.bad(ColRemarked, "重新标注风险时间应晚于此前的消除监测时间")
		}
	}
}

func (p *rowParser) risks(rec []string) []string {
	var out []string
	seen := map[string]bool{}
	for i := range 5 {
		v := p.v[kRisk1+colID(i)]
		if v == "" {
			continue
		}
		stored, base := normRisk(v)
		if !riskTypes[base] {
			p.bad(ColRisk(i+1), fmt.Sprintf("%q不是有效的风险类型", v))
			continue
		}
		if seen[stored] {
			p.bad(ColRisk(i+1), fmt.Sprintf("风险类型%q重复", v))
			continue
		}
		seen[stored] = true
		out = append(out, stored)
	}
	return out
}
