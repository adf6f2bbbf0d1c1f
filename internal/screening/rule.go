package screening

import "fangpin/internal/fault"

// Rule names a warning rule (docs/warnings.md).
type Rule string

// The nine rules of docs/warnings.md.
const (
	MedicalOOP       Rule = "medical_oop"
	IncomeBelowRange Rule = "income_below_range"
	IncomeDrop       Rule = "income_drop"
	Dropout          Rule = "dropout"
	UnsafeHouse      Rule = "unsafe_house"
	DisasterLoss     Rule = "disaster_loss"
	LabourDeath      Rule = "labour_death"
	SevereDisability Rule = "severe_disability"
	Unemployment     Rule = "unemployment"
)

// AllRules lists the rules in the order of docs/warnings.md.
var AllRules = []Rule{MedicalOOP, IncomeBelowRange, IncomeDrop, Dropout, UnsafeHouse, DisasterLoss,
	LabourDeath, SevereDisability, Unemployment}

// param is a set of the threshold fields a rule uses.
type param uint8

const (
	pAmount  param = 1 << iota // AmountFen
	pPercent                   // Percent
	pAges                      // MinAge, MaxAge
	pGrade                     // MaxGrade
	pWindow                    // WindowMonths
)

type ruleInfo struct {
	label  string // the Chinese name cadres read
	risk   string // the national risk type of a case opened from the warning
	params param
	def    RuleVersion // the built-in default (docs/warnings.md)
}

var rules = map[Rule]ruleInfo{
	MedicalOOP: {"医疗自付费用高", "因病", pAmount | pPercent | pWindow,
		RuleVersion{AmountFen: 2_000_000, Percent: 50, WindowMonths: 12}},
	IncomeBelowRange: {"收入低于监测范围", "其他", 0, RuleVersion{}},
	IncomeDrop:       {"收入大幅下降", "其他", pPercent, RuleVersion{Percent: 30}},
	Dropout: {"义务教育阶段辍学", "因学", pAges | pWindow,
		RuleVersion{MinAge: 6, MaxAge: 15, WindowMonths: 12}},
	UnsafeHouse: {"住房为C级或D级危房", "其他", 0, RuleVersion{}},
	DisasterLoss: {"灾害损失大", "因自然灾害", pAmount | pPercent | pWindow,
		RuleVersion{AmountFen: 1_000_000, Percent: 30, WindowMonths: 12}},
	LabourDeath:      {"主要劳动力死亡", "因缺劳动力", pWindow, RuleVersion{WindowMonths: 12}},
	SevereDisability: {"新增重度残疾", "因残", pGrade | pWindow, RuleVersion{MaxGrade: 2, WindowMonths: 12}},
	Unemployment:     {"务工人员失业", "因务工就业不稳", pWindow, RuleVersion{WindowMonths: 12}},
}

// Valid reports whether r is one of AllRules.
func (r Rule) Valid() bool { _, ok := rules[r]; return ok }

// Label is the rule's Chinese name ("" for an unknown rule).
func (r Rule) Label() string { return rules[r].label }

// RiskType is the national risk type (docs/glossary.md) of a case opened from a
// warning of the rule: medical → 因病, dropout → 因学, disaster → 因自然灾害,
// a labourer's death → 因缺劳动力, severe disability → 因残, unemployment →
// 因务工就业不稳; house and income rules → 其他, for which the national list
// has no closer type.
func (r Rule) RiskType() string { return rules[r].risk }

func (r Rule) uses(p param) bool { return rules[r].params&p != 0 }

// Status is where a warning stands.
type Status string

// Warning states: open until decided; case when a casework case was opened
// from it; handled when the household is already monitored and helped;
// dismissed when found not to be a risk (with a reason).
const (
	StatusOpen      Status = "open"
	StatusCase      Status = "case"
	StatusHandled   Status = "handled"
	StatusDismissed Status = "dismissed"
)

// Statuses lists every status.
var Statuses = []Status{StatusOpen, StatusCase, StatusHandled, StatusDismissed}

var statusLabels = map[Status]fault.Text{
	StatusOpen:      fault.T("待核实", "To check"),
	StatusCase:      fault.T("已转案件", "Case opened"),
	StatusHandled:   fault.T("已帮扶处置", "Handled"),
	StatusDismissed: fault.T("无风险", "Not a risk"),
}

// Label is the status's Chinese name.
func (s Status) Label() string { return statusLabels[s].Zh }

// Text is the status's name in both languages, for messages.
func (s Status) Text() fault.Text {
	if t, ok := statusLabels[s]; ok {
		return t
	}
	return fault.T(string(s), string(s))
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return s.Label() != "" }
