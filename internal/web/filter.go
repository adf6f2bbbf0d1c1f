package web

import (
	"net/http"
	"slices"
	"strings"

	"fangpin/internal/fault"
	"fangpin/internal/registry"
)

// monitoredStates are the values of the monitored filter (registry.Filter).
var monitoredStates = []string{"current", "ever", "eliminated"}

// parseFilter reads the household list parameters shared by the page and the
// API: region, type, q, monitored, category, page, per_page.
func parseFilter(r *http.Request, perPage int) (registry.Filter, error) {
	q := r.URL.Query()
	f := registry.Filter{Region: q.Get("region"), Type: q.Get("type"), Q: strings.TrimSpace(q.Get("q")),
		Monitored: q.Get("monitored"), Category: q.Get("category"), QIndex: q.Get("qk")}
	if f.QIndex != "" && (len(f.QIndex) != 32 || strings.Trim(f.QIndex, "0123456789abcdef") != "") {
		return f, badRequest("qk", fault.T("查询参数无效", "invalid query parameter"))
	}
	if err := oneOf("type", f.Type, []string{registry.TypeFormerlyPoor, registry.TypeOrdinary}); err != nil {
		return f, err
	}
	if err := oneOf("monitored", f.Monitored, monitoredStates); err != nil {
		return f, err
	}
	if err := oneOf("category", f.Category, registry.Categories); err != nil {
		return f, err
	}
	p, err := pageParams(r, perPage)
	f.Page, f.PerPage = p.Page, p.PerPage
	return f, err
}

// oneOf accepts "" or one of the allowed values.
func oneOf(field, v string, allowed []string) error {
	if v == "" || slices.Contains(allowed, v) {
		return nil
	}
	return unprocessable(field, fault.T("应为以下之一："+strings.Join(allowed, "、"), "must be one of: "+strings.Join(allowed, ", ")))
}
