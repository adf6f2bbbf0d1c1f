package web

import (
	"net/http"
	"slices"
	"strings"

	"fangpin/internal/registry"
)

// monitoredStates are the values of the monitored filter (registry.Filter).
var monitoredStates = []string{"current", "ever", "eliminated"}

// maxPerPage is the largest page the API serves.
const maxPerPage = 500

// parseFilter reads the household list parameters shared by the page and the
// API: region, type, q, monitored, category, page, per_page.
func parseFilter(r *http.Request, perPage int) (registry.Filter, error) {
	q := r.URL.Query()
	f := registry.Filter{Region: q.Get("region"), Type: q.Get("type"), Q: strings.TrimSpace(q.Get("q")),
		Monitored: q.Get("monitored"), Category: q.Get("category"), QIndex: q.Get("qk")}
	if f.QIndex != "" && (len(f.QIndex) != 32 || strings.Trim(f.QIndex, "0123456789abcdef") != "") {
		return f, badRequest("qk", "查询参数无效")
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
	var err error
	if f.Page, err = intParam(r, "page", 1); err != nil {
		return f, err
	}
	if f.PerPage, err = intParam(r, "per_page", perPage); err != nil {
		return f, err
	}
	if f.PerPage > maxPerPage {
		return f, unprocessable("per_page", "每页最多500条")
	}
	return f, nil
}

// oneOf accepts "" or one of the allowed values.
func oneOf(field, v string, allowed []string) error {
	if v == "" || slices.Contains(allowed, v) {
		return nil
	}
	return unprocessable(field, "应为以下之一："+strings.Join(allowed, "、"))
}
