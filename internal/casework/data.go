package casework

import (
	"encoding/json"
	"math"
	"strings"
	"unicode/utf8"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/registry"
)

// Data is what a step records: the "data" object of the API, as decoded from
// JSON (strings, booleans, numbers, arrays, objects). Only the fields of the
// step are kept; the others are dropped.
//
//	action            fields (* required)
//	accept            —
//	reject            reason*                  the household sees it
//	verify            consent* (yes/no: signed consent and authorisation), notes*,
//	                  checklist (object item → yes/no), income_per_capita_fen (integer ≥ 0)
//	review            qualifies* (yes/no), minutes*, reason* when it does not qualify
//	publish_notice    start* (YYYY-MM-DD, not after today), place
//	record_objection  objection*
//	end_notice        result
//	township_review   approve* (no: back to accepted for re-verification), reason* when no
//	county_approve    approve* (no: closed), reason* when no
//	enrol             category* (监测对象类别), risk_types* (1–5), announcement*
//	close             reason*                  the household sees it
//	reopen            objection*               the household's objection
type Data map[string]any

// rule checks one field of in and writes its clean value to out.
type rule func(in, out Data) *fault.Error

var rules = map[Action][]rule{
	ActReject:          {text("reason", 500)},
	ActVerify:          {flag("consent"), text("notes", 4000), checklist("checklist"), fen("income_per_capita_fen")},
	ActReview:          {flag("qualifies"), text("minutes", 4000), reasonUnless("qualifies")},
	ActPublishNotice:   {date("start"), optText("place", 200)},
	ActRecordObjection: {text("objection", 2000)},
	ActEndNotice:       {optText("result", 2000)},
	ActTownshipReview:  {flag("approve"), reasonUnless("approve")},
	ActCountyApprove:   {flag("approve"), reasonUnless("approve")},
	ActEnrol:           {category("category"), risks("risk_types"), text("announcement", 500)},
	ActClose:           {text("reason", 500)},
	ActReopen:          {text("objection", 2000)},
}

// check validates d for action a and returns the fields to store.
func (d Data) check(a Action) (Data, error) {
	out := Data{}
	for _, r := range rules[a] {
		if err := r(d, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// String returns a text field ("" when absent or not text).
func (d Data) String(key string) string {
	s, _ := d[key].(string)
	return s
}

// Strings returns a list-of-text field (nil when absent).
func (d Data) Strings(key string) []string {
	switch v := d[key].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func text(key string, max int) rule {
	return func(in, out Data) *fault.Error {
		s, ok := in[key].(string)
		if s = strings.TrimSpace(s); !ok || s == "" {
			return fault.Invalidf(key, "请填写%s", "Fill in the %s", fieldLabel(key))
		}
		return setText(out, key, s, max)
	}
}

func optText(key string, max int) rule {
	return func(in, out Data) *fault.Error {
		v, present := in[key]
		s, ok := v.(string)
		if !present || v == nil {
			return nil
		}
		if !ok {
			return fault.Invalidf(key, "%s应为文字", "The %s must be text", fieldLabel(key))
		}
		if s = strings.TrimSpace(s); s == "" {
			return nil
		}
		return setText(out, key, s, max)
	}
}

// trimFits trims s in place and says whether it has at most max characters
// (and one at least, when required): the one length rule of a case's free text.
func trimFits(s *string, max int, required bool) bool {
	*s = strings.TrimSpace(*s)
	n := utf8.RuneCountInString(*s)
	return n <= max && (n > 0 || !required)
}

func setText(out Data, key, s string, max int) *fault.Error {
	if utf8.RuneCountInString(s) > max {
		return fault.Invalidf(key, "%s不能超过%d个字", "The %s must not exceed %d characters", fieldLabel(key), max)
	}
	out[key] = s
	return nil
}

func flag(key string) rule {
	return func(in, out Data) *fault.Error {
		b, ok := in[key].(bool)
		if !ok {
			return fault.Invalidf(key, "请选择%s（是或否）", "Choose the %s (yes or no)", fieldLabel(key))
		}
		out[key] = b
		return nil
	}
}

// reasonUnless requires a reason when the decision field key is no.
func reasonUnless(key string) rule {
	return func(in, out Data) *fault.Error {
		if out[key] == false {
			return text("reason", 500)(in, out)
		}
		return nil
	}
}

func date(key string) rule {
	return func(in, out Data) *fault.Error {
		s, _ := in[key].(string)
		if _, err := civil.ParseISO(strings.TrimSpace(s)); err != nil {
			return fault.Invalidf(key, "%s应为日期，如2026-11-28", "The %s must be a date such as 2026-11-28", fieldLabel(key))
		}
		out[key] = strings.TrimSpace(s)
		return nil
	}
}

func fen(key string) rule {
	return func(in, out Data) *fault.Error {
		v, present := in[key]
		if !present || v == nil {
			return nil
		}
		n, ok := integer(v)
		if !ok || n < 0 {
			return fault.Invalidf(key, "%s应为不小于0的整数（单位：分）", "The %s must be a whole number of fen, at least 0", fieldLabel(key))
		}
		out[key] = n
		return nil
	}
}

func integer(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case float64:
		return int64(n), n == math.Trunc(n) && math.Abs(n) < 1<<53
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}

func checklist(key string) rule {
	return func(in, out Data) *fault.Error {
		v, present := in[key]
		if !present || v == nil {
			return nil
		}
		items, ok := v.(map[string]any)
		if !ok {
			return fault.Invalidf(key, "%s应为“项目：是/否”的列表", "The %s must be a list of “item: yes/no”", fieldLabel(key))
		}
		clean := make(map[string]bool, len(items))
		for item, done := range items {
			b, ok := done.(bool)
			if !ok || strings.TrimSpace(item) == "" || utf8.RuneCountInString(item) > 50 {
				return fault.Invalidf(key, "%s中的“%s”应为是或否", "In the %s, “%s” must be yes or no", fieldLabel(key), item)
			}
			clean[strings.TrimSpace(item)] = b
		}
		out[key] = clean
		return nil
	}
}

func category(key string) rule {
	return func(in, out Data) *fault.Error {
		s, _ := in[key].(string)
		for _, c := range registry.Categories {
			if strings.TrimSpace(s) == c {
				out[key] = c
				return nil
			}
		}
		return fault.Invalidf(key, "请选择监测对象类别：%s", "Choose the monitoring category: %s", strings.Join(registry.Categories, "、"))
	}
}

func risks(key string) rule {
	return func(in, out Data) *fault.Error {
		list, err := cleanRisks(in.Strings(key))
		if err == nil && len(list) == 0 {
			err = fault.Invalidf(key, "请至少选择一种风险类型", "Choose at least one risk type")
		}
		if err != nil {
			return err
		}
		out[key] = list
		return nil
	}
}

var fieldLabels = map[string]fault.Text{
	"reason":                fault.T("理由", "reason"),
	"consent":               fault.T("是否已签署承诺授权书", "signed consent and authorisation"),
	"notes":                 fault.T("核实情况", "verification notes"),
	"checklist":             fault.T("核查清单", "checklist"),
	"income_per_capita_fen": fault.T("人均纯收入", "net income per person"),
	"qualifies":             fault.T("评议结论", "review conclusion"),
	"minutes":               fault.T("评议记录", "review minutes"),
	"start":                 fault.T("公示开始日期", "notice start date"),
	"place":                 fault.T("公示地点", "notice place"),
	"objection":             fault.T("异议内容", "objection"),
	"result":                fault.T("公示结果", "notice result"),
	"approve":               fault.T("审核结论", "review decision"),
	"announcement":          fault.T("公告", "announcement"),
	"category":              fault.T("监测对象类别", "monitoring category"),
	"risk_types":            fault.T("风险类型", "risk types"),
}

// fieldLabel names a data field in messages (its key when it has no label).
func fieldLabel(key string) fault.Text { return textOr(fieldLabels[key], key) }
