package web

import (
	"context"
	"net/http"
	"strconv"

	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/money"
	"fangpin/internal/retrofit"
	"fangpin/internal/store"
)

// retrofitsPerPage is the page size of the retrofit list.
const retrofitsPerPage = 50

// retrofitsList is the retrofit list: the page, its Excel export and print
// view (lists.go).
var retrofitsList = &listSpec{name: "retrofits", path: "/retrofits", title: "retrofits.title", open: (*Server).openRetrofits}

// retrofitsPage is the retrofit list (危房改造) of a region, with the upload
// form and the outcome of an upload.
type retrofitsPage struct {
	layout
	Status   string
	Items    []retrofit.Retrofit
	Total    int
	Pager    pager
	Tools    listTools
	Children []crumb
	Upload   fileUpload // the upload just done
	Problem  string
}

// retrofitFilter reads the list's region, status and page.
func (s *Server) retrofitFilter(ctx context.Context, r *http.Request, l *layout) (retrofit.Filter, error) {
	var f retrofit.Filter
	var err error
	scope := s.scope(r)
	if l != nil {
		f.Region, err = s.listRegion(ctx, r, scope, l, "/retrofits")
	} else {
		f.Region, err = s.listRegionParam(ctx, r, scope)
	}
	if err != nil {
		return f, err
	}
	switch f.Status = r.FormValue("status"); f.Status {
	case "", "open", "done":
	default:
		return f, badRequest("status", fault.T("应为 open 或 done", "must be open or done"))
	}
	p, err := pageParams(r, retrofitsPerPage)
	f.Page, f.PerPage = p.Page, p.PerPage
	return f, err
}

// handleRetrofits serves GET /retrofits?region=&status=&page=.
func (s *Server) handleRetrofits(w http.ResponseWriter, r *http.Request) {
	s.renderRetrofits(w, r, http.StatusOK, fileUpload{})
}

// renderRetrofits shows the list, with up, what an upload just did (zero:
// none).
func (s *Server) renderRetrofits(w http.ResponseWriter, r *http.Request, status int, up fileUpload) {
	ctx, scope := r.Context(), s.scope(r)
	v := &retrofitsPage{layout: s.newLayout(w, r, "retrofits.title", "reports"), Tools: s.tools(r, retrofitsList)}
	f, err := s.retrofitFilter(ctx, r, &v.layout)
	if err == nil {
		v.Items, v.Total, err = retrofit.List(ctx, s.cfg.DB.Reader(), scope, f)
	}
	if err == nil {
		v.Children, err = s.regionLinks(ctx, scope, f.Region, "/retrofits", "status", f.Status)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Region, v.Status = f.Region, f.Status
	v.Pager = newPager(store.Page{Page: f.Page, PerPage: f.PerPage}, v.Total, func(n int) string {
		return link("/retrofits", "region", f.Region, "status", f.Status, "page", strconv.Itoa(n))
	})
	v.Upload = up
	s.render(w, r, status, "retrofits", v)
}

// handleRetrofitImport serves POST /retrofits/import (edit_registry;
// multipart: file): a retrofit file imported at once, all or nothing, in
// the user's scope; the list shows what was stored or every problem.
func (s *Server) handleRetrofitImport(w http.ResponseWriter, r *http.Request) {
	s.importUpload(w, r, func(path string) (fileUpload, error) {
		res, err := retrofit.Import(r.Context(), s.cfg.DB, s.cfg.Keys, s.scope(r), path, currentUser(r).Username, civil.DateOf(s.today()))
		return uploadOf(res), err
	}, func(status int, u fileUpload) { s.renderRetrofits(w, r, status, u) })
}

// openRetrofits is the retrofit list with its filters, latest start first.
func (s *Server) openRetrofits(r *http.Request, tr translator) (listRun, error) {
	f, err := s.retrofitFilter(r.Context(), r, nil)
	if err != nil {
		return listRun{}, err
	}
	scope, q := s.scope(r), s.cfg.DB.Reader()
	run := listRun{region: f.Region}
	if f.Status != "" {
		run.note(tr.T("retrofits.status"), tr.T("retrofits.status."+f.Status))
	}
	c := tr.col
	run.cols = append(append([]export.Column{c("col.code", export.Text), c("lists.col.head_name", export.Text)}, placeCols(tr)...),
		c("retrofits.kind", export.Text), c("retrofits.level", export.Text), c("retrofits.central", export.Money),
		c("retrofits.province", export.Money), c("retrofits.city", export.Money), c("retrofits.county", export.Money),
		c("retrofits.other", export.Money), c("retrofits.subsidy", export.Money), c("retrofits.started", export.Date),
		c("retrofits.completed", export.Date), c("retrofits.accepted", export.Date), c("retrofits.updated_by", export.Text))
	run.count = func(ctx context.Context) (int, error) {
		one := f
		one.PerPage = 1
		_, n, err := retrofit.List(ctx, q, scope, one)
		return n, err
	}
	run.each = func(ctx context.Context, _ bool, emit func(...any) error) error {
		pl := s.places(ctx)
		all := f
		all.PerPage = store.MaxPerPage
		for all.Page = 1; ; all.Page++ {
			items, total, err := retrofit.List(ctx, q, scope, all)
			if err != nil {
				return err
			}
			for _, x := range items {
				p, err := pl.Of(x.Region)
				if err != nil {
					return err
				}
				if err := emit(x.HouseholdCode, x.HeadName, p[0], p[1], p[2], x.Kind, x.Level, x.Central, x.Province, x.City,
					x.County, x.Other, x.Subsidy(), x.Started, x.Completed, x.Accepted, x.UpdatedBy); err != nil {
					return err
				}
			}
			if all.Page*all.PerPage >= total {
				return nil
			}
		}
	}
	return run, nil
}

// retrofitPage is one retrofit with its edit form.
type retrofitPage struct {
	layout
	R       retrofit.Retrofit
	Levels  []string
	Saved   bool
	Problem string
	Fields  map[string]string
	Form    map[string]string // the values typed, shown again after a problem
}

// retrofitID reads the {id} of the path.
func retrofitID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, badRequest("id", fault.T("应为正整数", "must be a positive whole number"))
	}
	return id, nil
}

// handleRetrofit serves GET /retrofits/{id}: the record, who entered and
// last changed it and when, and (edit_registry) its form.
func (s *Server) handleRetrofit(w http.ResponseWriter, r *http.Request) {
	s.renderRetrofit(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRetrofit(w http.ResponseWriter, r *http.Request, status int, problem error, typed map[string]string) {
	ctx, scope := r.Context(), s.scope(r)
	v := &retrofitPage{layout: s.newLayout(w, r, "retrofit.title", "reports"), Levels: retrofit.Levels,
		Saved: r.FormValue("saved") == "1", Form: typed}
	id, err := retrofitID(r)
	if err == nil {
		v.R, err = retrofit.Get(ctx, s.cfg.DB.Reader(), scope, id)
	}
	if err == nil {
		err = s.regionCrumbs(ctx, scope, &v.layout, v.R.Region)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if v.Form == nil {
		x := v.R
		v.Form = map[string]string{"level": x.Level, "central": money.Format(x.Central), "province": money.Format(x.Province),
			"city": money.Format(x.City), "county": money.Format(x.County), "other": money.Format(x.Other),
			"started": x.Started.String(), "completed": x.Completed.String(), "accepted": x.Accepted.String()}
	}
	if problem != nil {
		p, _, _, _ := formProblem(problem, v.Lang)
		v.Problem, v.Fields = p.Message, p.Fields
	}
	s.render(w, r, status, "retrofit", v)
}

// regionCrumbs sets the page's breadcrumb to a record's village.
func (s *Server) regionCrumbs(ctx context.Context, scope store.Scope, l *layout, code string) error {
	chain, err := s.chain(ctx, code)
	if err != nil {
		return err
	}
	s.setRegion(l, scope, chain, func(c string) string { return link("/retrofits", "region", c) })
	return nil
}

// retrofitFields are the form's fields.
var retrofitFields = []string{"level", "central", "province", "city", "county", "other", "started", "completed", "accepted"}

// handleRetrofitSave serves POST /retrofits/{id} (edit_registry): the
// level, subsidies and dates, checked and audited (retrofit.Update); a
// problem shows the form again with what was typed.
func (s *Server) handleRetrofitSave(w http.ResponseWriter, r *http.Request) {
	id, err := retrofitID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	typed := map[string]string{}
	for _, k := range retrofitFields {
		typed[k] = r.PostFormValue(k)
	}
	to, err := retrofitForm(typed)
	if err == nil {
		err = retrofit.Update(r.Context(), s.cfg.DB, s.scope(r), id, to, currentUser(r).Username, civil.DateOf(s.today()))
	}
	if err != nil {
		s.formError(w, r, err, "retrofit", func(status int, _ formState) { s.renderRetrofit(w, r, status, err, typed) })
		return
	}
	http.Redirect(w, r, "/retrofits/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
}

// retrofitForm reads the typed fields; a malformed amount or date is a
// problem of its field.
func retrofitForm(typed map[string]string) (retrofit.Retrofit, error) {
	to := retrofit.Retrofit{Level: typed["level"]}
	bad := map[string]fault.Text{}
	for k, p := range map[string]*int64{"central": &to.Central, "province": &to.Province, "city": &to.City,
		"county": &to.County, "other": &to.Other} {
		if typed[k] == "" {
			continue
		}
		v, err := money.ParseYuan(typed[k])
		if err != nil {
			bad[k] = fault.T(err.Error(), err.Error())
		}
		*p = v
	}
	for k, p := range map[string]*civil.Date{"started": &to.Started, "completed": &to.Completed, "accepted": &to.Accepted} {
		if typed[k] == "" {
			continue
		}
		d, err := civil.Parse(typed[k])
		if err != nil {
			bad[k] = fault.T(err.Error(), err.Error())
		}
		*p = d
	}
	if len(bad) > 0 {
		return to, fault.InvalidFields(bad)
	}
	return to, nil
}
