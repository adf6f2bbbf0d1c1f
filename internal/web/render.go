package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/idcard"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

//go:embed templates
var templateFS embed.FS

// pageNames are the page templates; each is parsed together with layout.html.
var pageNames = []string{"overview", "print", "households", "household", "error", "login", "audit", "cases", "case", "qr", "calendar",
	"monitoring", "monitoring_mine", "monitoring_fitrules", "worksheet", "visits", "visits_log", "visit_form", "visit_settings",
	"feeds", "feeds_file", "job", "warnings", "warnings_item", "rules",
	"survey", "ledgers", "notices", "household_file", "dashboard", "case_register", "admin", "users", "labour", "survey_thresholds",
	"projects", "project", "retrofits", "retrofit", "villages", "village_edit",
	"water", "dropouts", "dropout", "entities", "entity", "sectors"}

// parsed are the pages parsed once per process: the templates are embedded
// and never change, and parsing them is most of what building a server
// costs (and so of the web tests' time). Servers execute clones.
var parsed struct {
	once  sync.Once
	pages map[string]*template.Template
	err   error
}

// pages are a server's templates: for each language and page a clone of the
// page parsed once, bound to that language's functions (T to its
// catalogue), made on the page's first use. A clone copies the parse trees,
// so servers and languages never share what execution escapes.
type pages struct {
	funcs func(lang string) template.FuncMap
	mu    sync.Mutex
	made  map[[2]string]*template.Template // by language and page
}

// loadPages parses every page once per process (with the first caller's
// functions, of the same names, for the parse's check) and returns a
// server's pages bound to funcs. A page that does not parse is an error here,
// when the server is built, never on first use.
func loadPages(funcs func(lang string) template.FuncMap) (*pages, error) {
	parsed.once.Do(func() {
		parsed.pages = map[string]*template.Template{}
		for _, name := range pageNames {
			t, err := template.New(name).Funcs(funcs(langZH)).
				ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
			if err != nil {
				parsed.err = fmt.Errorf("web: template %s: %w", name, err)
				return
			}
			parsed.pages[name] = t
		}
	})
	if parsed.err != nil {
		return nil, parsed.err
	}
	return &pages{funcs: funcs, made: map[[2]string]*template.Template{}}, nil
}

// page returns page name in lang, cloned on its first use.
func (p *pages) page(lang, name string) (*template.Template, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := p.made[[2]string{lang, name}]; t != nil {
		return t, nil
	}
	src := parsed.pages[name]
	if src == nil {
		return nil, fmt.Errorf("web: no page %q", name)
	}
	t, err := src.Clone()
	if err != nil {
		return nil, fmt.Errorf("web: template %s: %w", name, err)
	}
	t.Funcs(p.funcs(lang))
	p.made[[2]string{lang, name}] = t
	return t, nil
}

// crumb is one step of the region breadcrumb.
type crumb struct {
	Name, URL string
	Level     int
}

// layout is what every page's frame needs; page data embeds it.
type layout struct {
	Lang       string
	Title      string // already translated
	Active     string // menu key
	Region     string // current region code, carried by the menu links
	RegionName string
	Crumbs     []crumb
	LangURL    string // this page in the other language
	OtherLang  string
	Version    string
	// the logged-in user ("" on the login page)
	User      string
	RoleLabel string
	Demo      bool
	CSRF      string // token for the page's forms
	CanAudit  bool
	CanReveal bool
	CanEdit   bool
	CanAdmin  bool
	CanView   bool        // view_registry: the monitoring and warning lists
	CanFeed   bool        // upload_feed: the department-feed pages
	home      string      // the user's own region: the header names it when the page sets none
	menu      []menuEntry // the menu entries the user may open
}

func (l *layout) base() *layout { return l }

type view interface{ base() *layout }

// newLayout starts a page's frame: language, title and active menu entry.
func (s *Server) newLayout(w http.ResponseWriter, r *http.Request, titleKey, active string) layout {
	lang := pickLang(w, r)
	other := langEN
	if lang == langEN {
		other = langZH
	}
	l := layout{Lang: lang, Title: translator{lang}.T(titleKey), Active: active, LangURL: s.langURL(r, other),
		OtherLang: other, Version: s.cfg.Version}
	if id, ok := who(r); ok {
		u := id.user
		l.User, l.RoleLabel, l.Demo, l.home = u.Username, u.Role.Label(), u.Demo, u.Region
		if u.DisplayName != "" {
			l.User = u.DisplayName
		}
		if id.session != nil {
			l.CSRF = id.session.CSRF
		}
		l.CanAudit, l.CanReveal, l.CanEdit = u.Can(auth.PermViewAudit), u.Can(auth.PermRevealPII), u.Can(auth.PermEditRegistry)
		l.CanAdmin = u.Can(auth.PermManageUsers)
		l.CanView, l.CanFeed = u.Can(auth.PermViewRegistry), u.Can(auth.PermUploadFeed)
		l.menu = s.allowedMenu(r)
	}
	return l
}

// langURL is the current page in another language. Parameters holding an ID
// number are dropped, so the full number never appears in a page.
func (s *Server) langURL(r *http.Request, lang string) string {
	q := r.URL.Query()
	for k, vs := range q {
		for _, v := range vs {
			if _, err := idcard.Parse(v, s.now()); err == nil {
				delete(q, k)
			}
		}
	}
	q.Set("lang", lang)
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

// setRegion fills the breadcrumb and the current region from an ancestor
// chain (nil for nation). Steps inside the scope link to href(code); the
// national step appears only for a national scope.
func (s *Server) setRegion(l *layout, scope store.Scope, chain []region.Region, href func(code string) string) {
	if scope.Prefix() == "" {
		l.Crumbs = append(l.Crumbs, crumb{Name: translator{l.Lang}.T("region.nation"), URL: href(nation)})
		l.RegionName = l.Crumbs[0].Name
	}
	for _, reg := range chain {
		c := crumb{Name: reg.Name, Level: reg.Level}
		if within(scope, reg.Code) {
			c.URL = href(reg.Code)
		}
		l.Crumbs = append(l.Crumbs, c)
	}
	if n := len(chain); n > 0 {
		l.Region, l.RegionName = chain[n-1].Code, chain[n-1].Name
	}
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	if l := v.base(); l.RegionName == "" && l.home != "" {
		l.RegionName = s.regionName(l.home) // the header always names a region
	}
	t, err := s.pages.page(v.base().Lang, name)
	if err != nil {
		s.renderFailed(w, r, name, err)
		return
	}
	s.execute(w, r, t, "layout", name, status, v)
}

// execute answers with definition def of page name's template t on data v,
// written whole once it ran: a template that fails is logged and answered
// 500 instead.
func (s *Server) execute(w http.ResponseWriter, r *http.Request, t *template.Template, def, name string, status int, v any) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, def, v); err != nil {
		s.renderFailed(w, r, name, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderFailed answers 500 for a page whose template failed, and logs why.
func (s *Server) renderFailed(w http.ResponseWriter, r *http.Request, name string, err error) {
	s.log.ErrorContext(r.Context(), "render page", "page", name, "err", err)
	http.Error(w, "500 服务器内部错误", http.StatusInternalServerError)
}

// errorPage is the data of the error page.
type errorPage struct {
	layout
	Status  int
	Code    string
	Message string
	Fields  map[string]string
}

// pageError renders the error page for err, with the status problemOf gives.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	l := s.newLayout(w, r, "error."+problemOf(err, fault.ZH).class, "")
	p := problemOf(err, l.Lang)
	s.logServerError(r, p, err)
	v := &errorPage{layout: l, Status: p.Status, Code: p.Code, Message: p.Message, Fields: p.Fields}
	s.render(w, r, p.Status, "error", v)
}

// renderPage ends a page's handler: the page name with v, or the error page
// when err is set.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, err error, name string, v view) {
	s.renderPageStatus(w, r, err, http.StatusOK, name, v)
}

// renderPageStatus is renderPage answering status (422 for a page shown
// again with an upload's problems).
func (s *Server) renderPageStatus(w http.ResponseWriter, r *http.Request, err error, status int, name string, v view) {
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, status, name, v)
}

// handleNotFound renders the 404 page for unknown paths.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiNotFound(w, r)
		return
	}
	s.pageError(w, r, errNotFound)
}
