package web

import (
	"context"
	"errors"
	"html/template"
	"strings"
	"sync"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// Names, not codes: every page, notice and export names a region by its
// name (the code in small type where useful) and a household by its head's
// name and its code, through the functions of this file.

// householdLabel is a household as people name it: 户主姓名 and 户编号
// ("张三 · 6203210001"), the code alone when no head is known.
func householdLabel(head, code string) string {
	if head == "" {
		return code
	}
	return head + " · " + code
}

// householdHTML is householdLabel with the code in small type.
func householdHTML(head, code string) template.HTML {
	if head == "" {
		return template.HTML(template.HTMLEscapeString(code))
	}
	return template.HTML(template.HTMLEscapeString(head) + ` <small class="code">` + template.HTMLEscapeString(code) + `</small>`)
}

// placeHTML is a region's name with its code in small type.
func (s *Server) placeHTML(code string) template.HTML {
	name := s.regionName(code)
	if code == "" || name == code {
		return template.HTML(template.HTMLEscapeString(name))
	}
	return template.HTML(template.HTMLEscapeString(name) + ` <small class="code">` + template.HTMLEscapeString(code) + `</small>`)
}

// nameTTL bounds how long a region's name is remembered: names change only
// when the division codes are imported or villages merged.
const nameTTL = 5 * time.Minute

// nameCache remembers region names by code; the zero value is ready.
type nameCache struct {
	m sync.Map // code → cachedName
}

type cachedName struct {
	name string
	at   time.Time
}

// regionName is the name of a region code ("" for ""), the code itself when
// the code is unknown or the lookup fails.
func (s *Server) regionName(code string) string {
	if code == "" {
		return ""
	}
	if v, ok := s.names.m.Load(code); ok && time.Since(v.(cachedName).at) < nameTTL {
		return v.(cachedName).name
	}
	name := code
	reg, err := region.Find(context.Background(), s.cfg.DB.Reader(), code)
	switch {
	case err == nil:
		name = reg.Name
	case !errors.Is(err, store.ErrNotFound):
		return code // not remembered: the next page tries again
	}
	s.names.m.Store(code, cachedName{name: name, at: time.Now()})
	return name
}

// regionNames names several codes at once (see regionName).
func (s *Server) regionNames(_ context.Context, codes []string) (map[string]string, error) {
	out := make(map[string]string, len(codes))
	for _, c := range codes {
		if _, ok := out[c]; !ok {
			out[c] = s.regionName(c)
		}
	}
	return out, nil
}

// actorName is who did something as people say it: a user's name as it is,
// and for the names the system writes itself what they stand for — the
// system's own steps (system), the demo generator (demo) and a command on
// the server (cli, cli:account).
func actorName(tr translator, name string) string {
	switch {
	case name == "system", name == "demo", name == "cli":
		return tr.T("actor." + name)
	case strings.HasPrefix(name, "cli:"):
		return tr.Tf("actor.cli_account", strings.TrimPrefix(name, "cli:"))
	}
	return name
}

// roleName is a role's name; the system's own role (system) is 系统.
func roleName(tr translator, role string) string {
	if role == "" || role == "system" {
		return tr.T("actor.system")
	}
	return auth.Role(role).Text().In(tr.lang)
}

// versionLabel is the release a footer shows ("v1.4.0"), nothing for a
// development build.
func versionLabel(v string) string {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	if v == "" || v == "dev" || v == "test" {
		return ""
	}
	return "v" + v
}
