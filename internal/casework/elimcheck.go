package casework

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"fangpin/internal/civil"
)

// The criteria of risk elimination (风险消除), in the order a proposal
// shows them.
const (
	CritMonths     = "months"     // at least six months under monitoring
	CritIncome     = "income"     // 人均纯收入 above the year's monitoring range
	CritGuarantees = "guarantees" // 三保障 and drinking water secured
	CritNewRisk    = "new_risk"   // no new risk
)

// MinMonths is how long a household stays under monitoring before its risk
// may be eliminated.
const MinMonths = 6

// GuaranteeItems are the codes of the must-check items (六必查) whose
// problems mean 三保障 or drinking water is not secured: compulsory
// education, basic medical care, housing, water. Counties may word the items
// as they like; these codes keep their meaning.
var GuaranteeItems = []string{"education", "medical", "housing", "water"}

// problemRules are the warning rules whose open warnings mean 三保障 is not
// secured: a dropout, an unsafe house.
var problemRules = []string{"dropout", "unsafe_house"}

// Criterion is one elimination criterion, met or not, with a Chinese
// explanation that gives the figures.
type Criterion struct {
	Code   string `json:"code"`
	Label  string `json:"label"`
	Met    bool   `json:"met"`
	Detail string `json:"detail"`
}

// Check is the elimination criteria of a household on a day.
type Check struct {
	HouseholdID int64       `json:"household_id"`
	AsOf        string      `json:"as_of"` // YYYY-MM-DD, China
	Criteria    []Criterion `json:"criteria"`
}

// Met reports whether every criterion is met.
func (c Check) Met() bool { return len(c.Criteria) > 0 && len(c.Unmet()) == 0 }

// Unmet lists the criteria not met.
func (c Check) Unmet() []Criterion {
	var out []Criterion
	for _, x := range c.Criteria {
		if !x.Met {
			out = append(out, x)
		}
	}
	return out
}

// Facts are what the criteria are decided on; EliminationCheck reads them.
type Facts struct {
	Start         string   // YYYY-MM-DD the monitoring period began: identification, or the last re-marking; "" when never
	Remarked      bool     // Start is a re-marking
	IncomeYear    int      // the latest income year, 0 when no income is recorded
	IncomeFen     int64    // 人均纯收入 of IncomeYear
	LineFen       int64    // the monitoring range of IncomeYear for the household's village
	ProblemRules  []string // rules of open warnings on 三保障 (dropout, unsafe house)
	Uninsured     []string // current members not in basic medical insurance
	VisitDay      string   // the latest visit's day, "" when none
	VisitProblems []string // the labels of its 三保障 and water items found with a problem
	OpenCases     []int64  // undecided identification cases of the household
	NewWarnings   []string // rules of open warnings created since Start
}

// Evaluate decides the criteria on the facts as of asOf's day (China).
func Evaluate(householdID int64, f Facts, asOf time.Time) Check {
	today := civil.DateOf(asOf).String()
	return Check{HouseholdID: householdID, AsOf: today, Criteria: []Criterion{
		f.months(today), f.income(), f.guarantees(), f.newRisk(),
	}}
}

func (f Facts) months(today string) Criterion {
	c := Criterion{Code: CritMonths, Label: fmt.Sprintf("纳入监测满%d个月", MinMonths)}
	first, err := civil.ParseISO(f.Start)
	if err != nil {
		c.Detail = "农户未纳入监测"
		return c
	}
	start := first.UTC()
	what := "识别纳入监测"
	if f.Remarked {
		what = "重新标注风险"
	}
	due := start.AddDate(0, MinMonths, 0).Format(time.DateOnly)
	c.Met = today >= due
	if c.Met {
		c.Detail = fmt.Sprintf("%s于%s，至%s已满%d个月", what, cn(f.Start), cn(today), MinMonths)
	} else {
		c.Detail = fmt.Sprintf("%s于%s，至%s未满%d个月（%s起满%d个月）", what, cn(f.Start), cn(today), MinMonths, cn(due), MinMonths)
	}
	return c
}

func (f Facts) income() Criterion {
	c := Criterion{Code: CritIncome, Label: "人均纯收入高于监测范围"}
	if f.IncomeYear == 0 {
		c.Detail = "未登记人均纯收入，无法判断是否高于监测范围"
		return c
	}
	c.Met = f.IncomeFen > f.LineFen
	cmp := "高于"
	if !c.Met {
		cmp = "未高于"
	}
	c.Detail = fmt.Sprintf("%d年人均纯收入%s元，%s当年监测范围%s元", f.IncomeYear, Yuan(f.IncomeFen), cmp, Yuan(f.LineFen))
	return c
}

func (f Facts) guarantees() Criterion {
	c := Criterion{Code: CritGuarantees, Label: "三保障和饮水安全有保障"}
	var problems []string
	if len(f.ProblemRules) > 0 {
		problems = append(problems, "有未处理的预警："+ruleLabels(f.ProblemRules))
	}
	if n := len(f.Uninsured); n > 0 {
		problems = append(problems, fmt.Sprintf("%d名家庭成员未参加基本医疗保险（%s）", n, strings.Join(f.Uninsured, "、")))
	}
	if len(f.VisitProblems) > 0 {
		problems = append(problems, fmt.Sprintf("最近一次走访（%s）发现问题：%s", cn(f.VisitDay), strings.Join(f.VisitProblems, "、")))
	}
	c.Met = len(problems) == 0
	switch {
	case !c.Met:
		c.Detail = strings.Join(problems, "；")
	case f.VisitDay == "":
		c.Detail = "无相关预警，家庭成员均参加基本医疗保险；尚无走访记录"
	default:
		c.Detail = fmt.Sprintf("无相关预警，家庭成员均参加基本医疗保险，最近一次走访（%s）未发现义务教育、基本医疗、住房和饮水问题", cn(f.VisitDay))
	}
	return c
}

func (f Facts) newRisk() Criterion {
	c := Criterion{Code: CritNewRisk, Label: "无新的风险"}
	var problems []string
	if len(f.OpenCases) > 0 {
		ids := make([]string, len(f.OpenCases))
		for i, id := range f.OpenCases {
			ids[i] = fmt.Sprintf("%d号", id)
		}
		problems = append(problems, "有正在办理的识别认定案件（"+strings.Join(ids, "、")+"）")
	}
	if len(f.NewWarnings) > 0 {
		problems = append(problems, "纳入监测后有未处理的预警："+ruleLabels(f.NewWarnings))
	}
	c.Met = len(problems) == 0
	c.Detail = strings.Join(problems, "；")
	if c.Met {
		c.Detail = "无正在办理的识别认定案件，纳入监测后无未处理的预警"
	}
	return c
}

var warningLabels = map[string]string{
	"medical_oop":        "医疗自付费用高",
	"income_below_range": "收入低于监测范围",
	"income_drop":        "收入大幅下降",
	"dropout":            "义务教育阶段辍学",
	"unsafe_house":       "住房为C级或D级危房",
	"disaster_loss":      "灾害损失大",
	"labour_death":       "主要劳动力死亡",
	"severe_disability":  "新增重度残疾",
	"unemployment":       "务工人员失业",
}

// ruleLabels names warning rules in Chinese, each once, in order.
func ruleLabels(rules []string) string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rules {
		if !seen[r] {
			seen[r] = true
			out = append(out, cmp.Or(warningLabels[r], r))
		}
	}
	return strings.Join(out, "、")
}

// Yuan writes fen as yuan with thousands separators: 780000 → "7,800",
// 780050 → "7,800.50".
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	s := fmt.Sprint(fen / 100)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if fen%100 != 0 {
		s += fmt.Sprintf(".%02d", fen%100)
	}
	return sign + s
}

// cn writes a YYYY-MM-DD date the Chinese way: 2026年3月1日.
func cn(d string) string {
	t, err := civil.ParseISO(d)
	if err != nil {
		return d
	}
	return t.Chinese()
}
