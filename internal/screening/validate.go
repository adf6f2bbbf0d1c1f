package screening

import (
	"strings"
	"time"
	"unicode/utf8"

	"fangpin/internal/store"
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
		return invalid("rule", "未知的预警规则“%s”", v.Rule)
	}
	if v.Region != "" {
		if _, err := store.SignificantPrefix(v.Region); err != nil {
			return invalid("region", "适用地区应为12位区划代码，留空表示全部地区")
		}
	}
	if err := v.checkDate(); err != nil {
		return err
	}
	switch {
	case utf8.RuneCountInString(v.Note) > 500:
		return invalid("note", "说明不能超过500个字")
	case v.CreatedBy == "":
		return invalid("created_by", "请注明设置人")
	}
	v.clearUnused()
	if !v.Enabled {
		return nil // a rule switched off applies no threshold
	}
	return v.checkValues()
}

func (v *RuleVersion) checkDate() error {
	d, err := time.Parse(time.DateOnly, v.EffectiveFrom)
	if err != nil || d.Format(time.DateOnly) != v.EffectiveFrom {
		return invalid("effective_from", "生效日期应为 YYYY-MM-DD")
	}
	today, err := v.recordedDay()
	if err != nil {
		return invalid("created_at", "设置时间无效")
	}
	if v.EffectiveFrom < today {
		return invalid("effective_from", "生效日期不能早于设置当天（%s）：已做过的筛查须能按当时的阈值解释", today)
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
		return invalid("amount_fen", "金额阈值应大于0元且不超过1亿元")
	case r.uses(pPercent) && (v.Percent <= 0 || v.Percent > 100):
		return invalid("percent", "比例应在1%%到100%%之间")
	case r.uses(pAges) && (v.MinAge < 0 || v.MaxAge > maxAge || v.MinAge > v.MaxAge):
		return invalid("max_age", "年龄范围应在0到%d岁之间，且下限不大于上限", maxAge)
	case r.uses(pGrade) && (v.MaxGrade < 1 || v.MaxGrade > 4):
		return invalid("max_grade", "残疾等级应在一级到四级之间")
	case r.uses(pWindow) && (v.WindowMonths < 1 || v.WindowMonths > maxWindow):
		return invalid("window_months", "统计期应在1到%d个月之间", maxWindow)
	}
	return nil
}
