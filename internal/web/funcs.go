package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"fangpin/internal/money"
)

// funcs are the template functions of one language.
func (s *Server) funcs(lang string) template.FuncMap {
	tr := translator{lang}
	return template.FuncMap{
		"T":       tr.T,
		"Tf":      tr.Tf,
		"static":  s.static.url,
		"date":    func(t time.Time) string { return formatDate(lang, t) },
		"dateStr": func(v string) string { return formatDateString(lang, v) },
		"month":   func(ym int) string { return formatMonth(lang, ym) },
		"yuan":    money.Format,
		"pct":     percent,
		"join":    func(vs []string) string { return listJoin(lang, vs) },
		"level":   func(l int) string { return tr.T(fmt.Sprintf("level.%d", l)) },
		"yesno":   func(b *bool) string { return yesNo(tr, b) },
		"bool":    func(b bool) string { return yesNo(tr, &b) },
		"Tor":     tr.or,
		"num":     func(n int) string { return strconv.Itoa(n) },
		"split":   splitList,
		"link":    link,
		"dict":    dict,
		"timeStr": timeStr,
		"place":   s.placeHTML,    // a region's name, its code in small type
		"hh":      householdHTML,  // a household: head's name and code
		"hhLabel": householdLabel, // the same as plain text
		"actor":   func(name string) string { return actorName(tr, name) },
		"role":    func(role string) string { return roleName(tr, role) },
		"version": versionLabel,
	}
}

// dict builds a map from name, value pairs, to pass several values to a
// nested template.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m
}

// splitList splits a stored comma-separated list.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func yesNo(tr translator, b *bool) string {
	switch {
	case b == nil:
		return "—"
	case *b:
		return tr.T("yes")
	}
	return tr.T("no")
}
