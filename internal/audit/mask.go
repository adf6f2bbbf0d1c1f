package audit

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	"fangpin/internal/idcard"
)

// idFields and phoneFields name personal fields, compared in lower case after
// the last dot ("member.phone" is "phone").
var (
	idFields = map[string]bool{
		"id_number": true, "idnumber": true, "id_card": true,
		"证件号码": true, "证件号": true, "身份证": true, "身份证号": true, "身份证号码": true,
	}
	phoneFields = map[string]bool{
		"phone": true, "mobile": true, "tel": true,
		"电话": true, "联系电话": true, "户联系电话": true, "成员联系电话": true,
		"手机": true, "手机号": true, "手机号码": true,
	}
)

// Masked returns value masked as docs/api.md#masking asks when field names an ID
// number (620102********123X) or a phone number (138****1234), and value
// unchanged otherwise.
func Masked(field, value string) string {
	f := strings.ToLower(strings.TrimSpace(field))
	f = f[strings.LastIndex(f, ".")+1:]
	switch {
	case idFields[f] || strings.HasSuffix(f, "_id_number"):
		return idcard.Mask(strings.TrimSpace(value))
	case phoneFields[f] || strings.HasSuffix(f, "_phone") || strings.HasSuffix(f, "联系电话"):
		return idcard.MaskPhone(value)
	}
	return value
}

// Change is the Detail of an update: {"old":{…},"new":{…}} holding only the
// keys whose values differ (a key missing from one side is left out of that
// side), personal fields masked. Both halves are empty when nothing changed.
func Change(before, after map[string]string) map[string]any {
	return map[string]any{"old": changed(before, after), "new": changed(after, before)}
}

// changed returns the masked values of a whose keys are missing from b or
// hold another value there.
func changed(a, b map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			m[k] = Masked(k, v)
		}
	}
	return m
}

var (
	digitRun = regexp.MustCompile(`\d+[Xx]?`)
	mobile   = regexp.MustCompile(`^(86)?1[3-9]\d{9}$`)
)

// maskRun masks a run of digits that looks like an ID number (18 characters
// or more: also IDs glued to other digits, and bank cards) or a mobile number
// (11 digits, optionally after 86). Shorter runs, such as 12-digit region
// codes, are kept.
func maskRun(s string) string {
	switch {
	case len(s) >= 18:
		return idcard.Mask(strings.ToUpper(s))
	case mobile.MatchString(s):
		return s[:len(s)-11] + idcard.MaskPhone(s[len(s)-11:])
	}
	return s
}

func scrubText(s string) string { return digitRun.ReplaceAllStringFunc(s, maskRun) }

// encodeDetail marshals v to JSON and masks what the caller forgot to: values
// of personal fields, and digit runs that look like ID or mobile numbers
// anywhere (keys included). Key order is sorted, so the text is stable.
func encodeDetail(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	var x any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&x); err != nil {
		return "", err
	}
	var out bytes.Buffer
	e := json.NewEncoder(&out)
	e.SetEscapeHTML(false)
	if err := e.Encode(scrub("", x)); err != nil {
		return "", err
	}
	return strings.TrimSuffix(out.String(), "\n"), nil
}

// scrub masks a decoded JSON value found under key.
func scrub(key string, v any) any {
	switch v := v.(type) {
	case string:
		return Masked(key, scrubText(v))
	case json.Number:
		if s := Masked(key, scrubText(v.String())); s != v.String() {
			return s
		}
		return v
	case []any:
		for i := range v {
			v[i] = scrub(key, v[i])
		}
		return v
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[scrubText(k)] = scrub(k, x)
		}
		return m
	}
	return v
}
