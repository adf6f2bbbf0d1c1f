package visit

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"fangpin/internal/fault"
	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

// The must-visit groups (六必访). Each is computed from data; a county may
// word, tune or disable them, not add new ones (there is nothing to compute
// a new one from).
const (
	GroupLowIncome  = "low_income"  // latest 人均纯收入 below the line × line_pct %, or fallen > drop_pct % in a year
	GroupIllness    = "illness"     // a current member with a serious or chronic illness
	GroupTekunAlone = "tekun_alone" // one current member, 特困供养
	GroupDibao      = "dibao"       // a current member on 低保
	GroupDisability = "disability"  // a severe (grade ≤ max_grade) or new certificate; registry disability when no certificate is on file
	GroupSchooling  = "schooling"   // at least min_children current members in school
	GroupMigrant    = "migrant"     // a member working away min..max months, or reported 失业 recently
	GroupEvent      = "event"       // a disaster or a death in the household recently
	GroupWarning    = "warning"     // an open department warning
	GroupMonitored  = "monitored"   // under monitoring now; its interval applies to every monitored household listed
)

// groupParams are the parameters each group takes, with their defaults.
// recent_months is the window of "recent" feed rows.
var groupParams = map[string]map[string]int{
	GroupLowIncome:  {"line_pct": 120, "drop_pct": 10},
	GroupDisability: {"max_grade": 2, "recent_months": 12},
	GroupSchooling:  {"min_children": 2},
	GroupMigrant:    {"min_months": 1, "max_months": 5, "recent_months": 12},
	GroupEvent:      {"recent_months": 12},
}

// defaultGroups are the built-in settings, in the order lists show them.
var defaultGroups = []Group{
	{Code: GroupLowIncome, Label: "收入偏低或明显下降", Enabled: true, IntervalDays: 90, Params: groupParams[GroupLowIncome]},
	{Code: GroupIllness, Label: "患大病或长期慢性病", Enabled: true, IntervalDays: 90},
	{Code: GroupTekunAlone, Label: "独居特困供养人员", Enabled: true, IntervalDays: 90},
	{Code: GroupDibao, Label: "低保户", Enabled: true, IntervalDays: 90},
	{Code: GroupDisability, Label: "重度或新增残疾", Enabled: true, IntervalDays: 90, Params: groupParams[GroupDisability]},
	{Code: GroupSchooling, Label: "多子女上学", Enabled: true, IntervalDays: 90, Params: groupParams[GroupSchooling]},
	{Code: GroupMigrant, Label: "务工就业不稳定", Enabled: true, IntervalDays: 90, Params: groupParams[GroupMigrant]},
	{Code: GroupEvent, Label: "近期受灾或遭遇重大变故", Enabled: true, IntervalDays: 90, Params: groupParams[GroupEvent]},
	{Code: GroupWarning, Label: "部门预警", Enabled: true, IntervalDays: 90},
	{Code: GroupMonitored, Label: "监测对象", Enabled: false, IntervalDays: 30},
}

// defaultItems are the built-in must-check items (六必查). The codes
// education, medical, housing and water are the ones the elimination check
// reads (casework.GuaranteeItems).
var defaultItems = []Item{
	{Code: "income", Label: "收入情况", Enabled: true},
	{Code: "education", Label: "义务教育", Enabled: true},
	{Code: "medical", Label: "基本医疗", Enabled: true},
	{Code: "housing", Label: "住房安全", Enabled: true},
	{Code: "water", Label: "饮水安全", Enabled: true},
	{Code: "measures", Label: "帮扶措施落实", Enabled: true},
	{Code: "family", Label: "家庭变化", Enabled: true},
}

func init() {
	for i := range defaultGroups {
		defaultGroups[i].Position = i + 1
	}
	for i := range defaultItems {
		defaultItems[i].Position = i + 1
	}
}

// GroupCodes lists the group codes in the default order.
func GroupCodes() []string {
	out := make([]string, len(defaultGroups))
	for i, g := range defaultGroups {
		out[i] = g.Code
	}
	return out
}

func knownGroup(code string) bool {
	for _, g := range defaultGroups {
		if g.Code == code {
			return true
		}
	}
	return false
}

// SetGroup stores a region's setting of a group (an administrator's
// choice), by: who set it. region is a 12-digit code, or "" for the
// national default.
func SetGroup(ctx context.Context, q store.Querier, region string, g Group, by string) error {
	if err := checkSettingRegion(region); err != nil {
		return err
	}
	g.Label = strings.TrimSpace(g.Label)
	switch {
	case !knownGroup(g.Code):
		return fault.Invalidf("code", "未知的必访人群“%s”", "Unknown must-visit group “%s”", g.Code)
	case g.Label == "" || utf8.RuneCountInString(g.Label) > 30:
		return errLabel
	case g.IntervalDays < 1 || g.IntervalDays > 366:
		return fault.Invalidf("interval_days", "走访周期应为1至366天", "The visit interval must be 1 to 366 days")
	}
	for k, v := range g.Params {
		if _, ok := groupParams[g.Code][k]; !ok || v < 0 || v > 1000 {
			return fault.Invalidf("params", "参数“%s”不适用或超出范围", "The parameter “%s” does not apply or is out of range", k)
		}
	}
	params, _ := json.Marshal(g.Params)
	_, err := q.ExecContext(ctx, `INSERT INTO visit_groups (region_code, code, label, enabled, interval_days, params,
		position, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (region_code, code) DO UPDATE SET
		label = excluded.label, enabled = excluded.enabled, interval_days = excluded.interval_days, params = excluded.params,
		position = excluded.position, source = excluded.source, updated_at = excluded.updated_at`,
		region, g.Code, g.Label, store.Bool01(g.Enabled), g.IntervalDays, string(params), g.Position, by, store.Stamp(time.Now()))
	if err != nil {
		return fmt.Errorf("visit: set group %s of %q: %w", g.Code, region, err)
	}
	return nil
}

var itemCode = regexp.MustCompile(`^[a-z][a-z0-9_]{0,29}$`)

// SetItem stores a region's setting of a checklist item, or adds an item of
// its own; by: who set it.
func SetItem(ctx context.Context, q store.Querier, region string, it Item, by string) error {
	if err := checkSettingRegion(region); err != nil {
		return err
	}
	it.Label = strings.TrimSpace(it.Label)
	switch {
	case !itemCode.MatchString(it.Code):
		return fault.Invalidf("code", "项目代码应为小写英文字母开头的字母、数字或下划线（不超过30个）", "The item code must be letters, digits or underscores starting with a lower-case letter (at most 30)")
	case it.Label == "" || utf8.RuneCountInString(it.Label) > 30:
		return errLabel
	}
	_, err := q.ExecContext(ctx, `INSERT INTO visit_items (region_code, code, label, enabled, position, source, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (region_code, code) DO UPDATE SET label = excluded.label,
		enabled = excluded.enabled, position = excluded.position, source = excluded.source, updated_at = excluded.updated_at`,
		region, it.Code, it.Label, store.Bool01(it.Enabled), it.Position, by, store.Stamp(time.Now()))
	if err != nil {
		return fmt.Errorf("visit: set item %s of %q: %w", it.Code, region, err)
	}
	return nil
}

// errLabel is a group's or item's name that is missing or too long.
var errLabel = fault.Invalidf("label", "请填写名称（不超过30个字）", "Give the name (at most 30 characters)")

func checkSettingRegion(region string) error {
	if region == "" {
		return nil
	}
	if !regcode.Valid(region) {
		return store.ErrBadRegion
	}
	return nil
}
