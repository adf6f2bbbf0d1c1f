package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fangpin/internal/civil"
)

const isoDate = "2006-01-02"

// formatDate shows a date as 2026年11月28日 in Chinese, 2026-11-28 otherwise.
func formatDate(lang string, t time.Time) string {
	if lang == langEN {
		return t.Format(isoDate)
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// formatDateString shows an ISO date or an RFC 3339 timestamp (converted to
// China time) like formatDate; anything else is shown as it is.
func formatDateString(lang, s string) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return formatDate(lang, t.In(civil.Zone))
	}
	if d, err := civil.ParseISO(s); err == nil {
		return formatDate(lang, d.UTC())
	}
	return s
}

// formatMonth shows a YYYYMM number as 2024年3月 (2024-03 in English), or ""
// for 0.
func formatMonth(lang string, ym int) string {
	if ym == 0 {
		return ""
	}
	if lang == langEN {
		return fmt.Sprintf("%04d-%02d", ym/100, ym%100)
	}
	return fmt.Sprintf("%d年%d月", ym/100, ym%100)
}

// isoMonth shows a YYYYMM number as 2024-03, or "" for 0 (for JSON).
func isoMonth(ym int) string { return formatMonth(langEN, ym) }

// percent formats part/whole as a percentage with one decimal, rounded half
// up, with integer arithmetic; "—" when whole is 0.
func percent(part, whole int) string {
	if whole <= 0 {
		return "—"
	}
	permille := (int64(part)*1000*2 + int64(whole)) / (int64(whole) * 2)
	return strconv.FormatInt(permille/10, 10) + "." + strconv.FormatInt(permille%10, 10) + "%"
}

// listJoin joins code-list values the Chinese way (、) or with commas.
func listJoin(lang string, vs []string) string {
	if lang == langEN {
		return strings.Join(vs, ", ")
	}
	return strings.Join(vs, "、")
}
