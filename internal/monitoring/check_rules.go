package monitoring

import (
	"fmt"
	"strings"

	"fangpin/internal/civil"
)

// fits returns the row of the risk's rows that a measure matches (any
// measure matches 其他).
func fits(base string, own []FitRule, m Measure) (FitRule, bool) {
	if base == RiskOther {
		return FitRule{Basis: BasisOther}, true
	}
	for _, r := range own {
		if r.Fits(m.Type, m.Subtype) {
			return r, true
		}
	}
	return FitRule{}, false
}

// risk: a measure active at day fits the risk by the fit table. A risk type
// the table has no row for is not checked.
func (c checker) risk(risk string, active, all []Measure, day string) Result {
	res := Result{Rule: RuleRisk, Risk: risk, Basis: BasisOther}
	base := riskBase(risk)
	own := c.byRisk[base]
	if base != RiskOther && len(own) == 0 {
		res.Status, res.Basis = StatusNA, ""
		if c.explain {
			res.Explanation = fmt.Sprintf("风险与措施对应表中没有风险“%s”的措施，未作检查；请管理员维护对应表。", risk)
		}
		return res
	}
	if len(own) > 0 {
		res.Basis = own[0].Basis
	}
	for _, m := range active {
		if r, ok := fits(base, own, m); ok {
			if len(res.MeasureIDs) == 0 {
				res.Basis = r.Basis
			}
			res.MeasureIDs = append(res.MeasureIDs, m.ID)
		}
	}
	res.Status, res.Met = StatusMismatch, len(res.MeasureIDs) > 0
	if res.Met {
		res.Status = StatusOK
	}
	if c.explain {
		res.Explanation = explainRisk(res, base, own, active, all, day)
	}
	return res
}

func explainRisk(res Result, base string, own []FitRule, active, all []Measure, day string) string {
	var names, planned []string
	for _, m := range active {
		if _, ok := fits(base, own, m); ok {
			names = append(names, fmt.Sprintf("%s（%s开始）", m.Name(), m.StartOn))
		}
	}
	if res.Met {
		return fmt.Sprintf("风险“%s”已有对应措施：%s。", res.Risk, strings.Join(names, "、"))
	}
	for _, m := range all {
		if _, ok := fits(base, own, m); ok && m.Status != StatusCancelled && m.StartOn > day {
			planned = append(planned, fmt.Sprintf("%s（%s开始）", m.Name(), m.StartOn))
		}
	}
	text := fmt.Sprintf("风险“%s”尚无任何已实施的帮扶措施。", res.Risk)
	if base != RiskOther {
		text = fmt.Sprintf("风险“%s”没有对应的已实施措施；对应的措施为：%s。", res.Risk, ruleNames(own))
	}
	if len(planned) > 0 {
		text += "已计划但尚未开始：" + strings.Join(planned, "、") + "。"
	}
	return text
}

// ruleNames lists the measures of a risk's rows: 健康帮扶、综合保障·临时救助.
func ruleNames(rs []FitRule) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = Measure{Type: r.MeasureType, Subtype: r.MeasureSubtype}.Name()
	}
	return strings.Join(names, "、")
}

const labourUnknown = "家庭成员均未登记劳动技能，无法判断是否有劳动力，请补充劳动技能后再检查。"

// development: a household with labour has a development measure started
// within one month of identification.
func (c checker) development(f Facts, active []Measure, day string) Result {
	res := Result{Rule: RuleDevelopment, Basis: BasisDevelopment, Status: StatusNA}
	switch {
	case !f.LabourKnown:
		res.Explanation = c.text(labourUnknown)
		return res
	case !f.Labour:
		res.Explanation = c.text("家中没有普通劳动力、技能劳动力或弱劳动力，不适用开发式帮扶要求（见兜底检查）。")
		return res
	}
	ident, _ := f.IdentificationDate()
	deadline := ident.AddDate(0, 1, 0)
	res.Deadline = civil.FromYMD(deadline.Date()).String()
	var first *Measure
	for i, m := range active {
		if IsDevelopment(m.Type) {
			res.MeasureIDs = append(res.MeasureIDs, m.ID)
			if first == nil || m.StartOn < first.StartOn {
				first = &active[i]
			}
		}
	}
	switch {
	case first != nil:
		res.Status, res.Met = StatusOK, true
		if first.StartOn > res.Deadline {
			res.Note = fmt.Sprintf("开始日期晚于识别（%s）后一个月的期限%s。", civil.FromYMD(ident.Date()).String(), res.Deadline)
		}
		if c.explain {
			res.Explanation = fmt.Sprintf("有劳动力，已落实开发式帮扶措施：%s（%s开始）。", first.Name(), first.StartOn)
		}
	case day > res.Deadline:
		res.Status = StatusOverdue
		if c.explain {
			res.Explanation = fmt.Sprintf("有劳动力，识别（%s）已超过一个月，期限%s已过，仍没有已实施的开发式帮扶措施"+
				"（产业、就业、金融或公益岗位）。", civil.FromYMD(ident.Date()).String(), res.Deadline)
		}
	default:
		res.Status = StatusPending
		if c.explain {
			today, _ := civil.ParseISO(day)
			res.Explanation = fmt.Sprintf("有劳动力，尚无已实施的开发式帮扶措施，须在%s前落实（还有%d天）。", res.Deadline,
				int(deadline.Sub(today.UTC()).Hours()/24))
		}
	}
	return res
}

// safetyNet: a household without labour has 低保 or 特困供养, as a member's
// status or as a 综合保障 measure.
func (c checker) safetyNet(f Facts, active []Measure) Result {
	res := Result{Rule: RuleSafetyNet, Basis: BasisSafetyNet, Status: StatusNA}
	switch {
	case !f.LabourKnown:
		res.Explanation = c.text(labourUnknown)
		return res
	case f.Labour:
		res.Explanation = c.text("家中有劳动力，不适用兜底要求。")
		return res
	}
	var how []string
	if f.SafetyNetPresent {
		how = append(how, "家庭成员已享受低保或特困供养")
	}
	for _, m := range active {
		if IsSafetyNet(m.Type, m.Subtype) {
			res.MeasureIDs = append(res.MeasureIDs, m.ID)
			how = append(how, fmt.Sprintf("措施%s（%s开始）", m.Name(), m.StartOn))
		}
	}
	res.Status, res.Met = StatusMismatch, len(how) > 0
	res.Explanation = c.text("整户无劳动力，尚未纳入低保或特困供养，也没有相应的综合保障措施，请核实是否符合兜底条件。")
	if res.Met {
		res.Status = StatusOK
		res.Explanation = c.text("整户无劳动力，已有兜底保障：" + strings.Join(how, "、") + "。")
	}
	return res
}

// text is s when the checker explains, else "".
func (c checker) text(s string) string {
	if c.explain {
		return s
	}
	return ""
}
