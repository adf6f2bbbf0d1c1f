package screening

import (
	"strings"
	"unicode/utf8"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/regcode"
)

// Bounds of the thresholds an administrator may set.
const (
	maxAmountFen = 100_000_000_00 // 1 亿元
	maxWindow    = 60             // months
	maxAge       = 120
)

// check validates a new version and clears the fields its rule does not use.
func (v *RuleVersion) check() error {
	v.Region, v.Note, v.CreatedBy = strings.TrimSpace(v.Region), strings.TrimSpace(v.Note), strings.TrimSpace(v.CreatedBy)
	if !v.Rule.Valid() {
		return fault.Invalidf("rule", "未知的预警规则“%s”", "Unknown warning rule “%s”", string(v.Rule))
	}
	if v.Region != "" {
		if !regcode.Valid(v.Region) {
			return fault.Invalidf("region", "适用地区应为12位区划代码，留空表示全部地区", "The region must be a 12-digit division code, or empty for every region")
		}
	}
	if err := v.checkDate(); err != nil {
		return err
	}
	switch {
	case utf8.RuneCountInString(v.Note) > 500:
		return fault.Invalidf("note", "说明不能超过500个字", "The note must not exceed 500 characters")
	case v.CreatedBy == "":
		return fault.Invalidf("created_by", "请注明设置人", "Name who made the setting")
	}
	v.clearUnused()
	if !v.Enabled {
		return nil // a rule switched off applies no threshold
	}
	return v.checkValues()
}

func (v *RuleVersion) checkDate() error {
	if _, err := civil.ParseISO(v.EffectiveFrom); err != nil {
		return fault.Invalidf("effective_from", "生效日期应为 YYYY-MM-DD", "The start date must be YYYY-MM-DD")
	}
	today, err := v.recordedDay()
	if err != nil {
		return fault.Invalidf("created_at", "设置时间无效", "The time of the setting is not valid")
	}
	if v.EffectiveFrom < today {
		return fault.Invalidf("effective_from", "生效日期不能早于设置当天（%s）：已做过的筛查须能按当时的阈值解释",
			"The start date cannot be before the day of the setting (%s): past screenings must stay explained by the thresholds of their day", today)
	}
	return nil
}

func (v *RuleVersion) clearUnused() {
	r := v.Rule
	if !r.uses(pAmount) {
		v.AmountFen = 0
	}
	if !r.uses(pPercent) {
		v.Percent = 0
	}
	if !r.uses(pAges) {
		v.MinAge, v.MaxAge = 0, 0
	}
	if !r.uses(pGrade) {
		v.MaxGrade = 0
	}
	if !r.uses(pWindow) {
		v.WindowMonths = 0
	}
}

func (v *RuleVersion) checkValues() error {
	r := v.Rule
	switch {
	case r.uses(pAmount) && (v.AmountFen <= 0 || v.AmountFen > maxAmountFen):
		return fault.Invalidf("amount_fen", "金额阈值应大于0元且不超过1亿元", "The amount must be above 0 yuan and at most 100 million yuan")
	case r.uses(pPercent) && (v.Percent <= 0 || v.Percent > 100):
		return fault.Invalidf("percent", "比例应在1%到100%之间", "The percentage must be between 1% and 100%")
	case r.uses(pAges) && (v.MinAge < 0 || v.MaxAge > maxAge || v.MinAge > v.MaxAge):
		return fault.Invalidf("max_age", "年龄范围应在0到%d岁之间，且下限不大于上限", "Ages must be between 0 and %d, the lower bound not above the upper", maxAge)
	case r.uses(pGrade) && (v.MaxGrade < 1 || v.MaxGrade > 4):
		return fault.Invalidf("max_grade", "残疾等级应在一级到四级之间", "The disability grade must be between 1 and 4")
	case r.uses(pWindow) && (v.WindowMonths < 1 || v.WindowMonths > maxWindow):
		return fault.Invalidf("window_months", "统计期应在1到%d个月之间", "The window must be between 1 and %d months", maxWindow)
	}
	return nil
}
