package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/money"
	"fangpin/internal/project"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// projectsPerPage is the default page of the project list.
const projectsPerPage = 50

// projectsList is the project library as a list: the page, its export and
// print view read the same filters (projectFilter).
var projectsList = &listSpec{name: "projects", path: "/projects", title: "projects.title", open: (*Server).openProjects}

// projectsPage is 项目库: the year's figures of the region, the filters and
// one page of the projects of the region.
type projectsPage struct {
	layout
	F        project.Filter
	Year     int // the figures' year: the filter's, else this year
	AsOf     string
	Figures  project.Figures
	Items    []project.Project
	Total    int
	Pager    pager
	Types    []string
	Chains   []string
	Children []crumb
	Tools    listTools
	Kinds    []string   // the kinds of file the upload takes (project.Kinds)
	Upload   fileUpload // the upload just done
}

// Pct is part ÷ whole in percent with one decimal ("—" of nothing).
func (v *projectsPage) Pct(part, whole int64) string { return percent(int(part), int(whole)) }

// Change is the chain output's change on the year before, signed ("—"
// without output the year before).
func (v *projectsPage) Change() string {
	d := v.Figures.OutputFen - v.Figures.OutputPrevFen
	if d < 0 && v.Figures.OutputPrevFen > 0 {
		return "-" + v.Pct(-d, v.Figures.OutputPrevFen)
	}
	return v.Pct(d, v.Figures.OutputPrevFen)
}

// projectFilter reads region, year, type and chain; a value outside its
// list is 422 on its field.
func (s *Server) projectFilter(ctx context.Context, r *http.Request) (string, project.Filter, error) {
	var f project.Filter
	code, err := s.listRegionParam(ctx, r, s.scope(r))
	if err != nil {
		return "", f, err
	}
	if v := r.URL.Query().Get("year"); v != "" {
		if f.Year, err = strconv.Atoi(v); err != nil || f.Year < 2000 || f.Year > 2100 {
			return "", f, unprocessable("year", fault.T("年份不正确", "the year is not valid"))
		}
	}
	if f.Type = r.URL.Query().Get("type"); f.Type != "" && !slices.Contains(project.Types, f.Type) {
		return "", f, unprocessable("type", fault.T("项目类型不正确", "unknown project type"))
	}
	f.Chain = r.URL.Query().Get("chain")
	return code, f, nil
}

// handleProjects serves GET /projects?region=&year=&type=&chain=&page=.
func (s *Server) handleProjects(w http.ResponseWriter, r *http.Request) {
	s.renderProjects(w, r, http.StatusOK, fileUpload{})
}

// renderProjects answers with the library of the request's region and
// filters, with up, what an upload just did.
func (s *Server) renderProjects(w http.ResponseWriter, r *http.Request, status int, up fileUpload) {
	ctx, scope := r.Context(), s.scope(r)
	v := &projectsPage{layout: s.newLayout(w, r, "projects.title", "projects"), Types: project.Types, Tools: s.tools(r, projectsList),
		Kinds: project.Kinds, Upload: up}
	code, err := s.listRegion(ctx, r, scope, &v.layout, "/projects")
	if err == nil {
		code, v.F, err = s.projectFilter(ctx, r)
	}
	if err == nil {
		err = s.fillProjects(ctx, r, scope, code, v)
	}
	s.renderPageStatus(w, r, err, status, "projects", v)
}

// handleProjectImport serves POST /projects/import (edit_registry;
// multipart: kind, file): a file of one kind of project.Kinds imported at
// once, all or nothing, in the user's scope (docs/formats.md, "Projects");
// then the library with what was stored or every problem.
func (s *Server) handleProjectImport(w http.ResponseWriter, r *http.Request) {
	s.importUpload(w, r, func(path string) (fileUpload, error) {
		res, err := project.Import(r.Context(), s.cfg.DB, s.scope(r), r.FormValue("kind"), path, currentUser(r).Username)
		return uploadOf(res), err
	}, func(status int, u fileUpload) { s.renderProjects(w, r, status, u) })
}

func (s *Server) fillProjects(ctx context.Context, r *http.Request, scope store.Scope, code string, v *projectsPage) error {
	q := s.cfg.DB.Reader()
	narrow, err := scope.Narrow(code)
	if err != nil {
		return err
	}
	p, err := pageParams(r, projectsPerPage)
	if err != nil {
		return err
	}
	today := civil.DateOf(s.today())
	v.Year, v.AsOf = today.Year(), today.String()
	if v.F.Year != 0 && v.F.Year < today.Year() {
		v.Year, v.AsOf = v.F.Year, civil.FromYMD(v.F.Year, 12, 31).String()
	}
	if v.F.Year <= today.Year() {
		d, _ := civil.ParseISO(v.AsOf)
		if v.Figures, err = project.FiguresAt(ctx, q, narrow, d); err != nil {
			return err
		}
	} else {
		v.AsOf = ""
	}
	if v.Chains, err = project.Chains(ctx, q); err != nil {
		return err
	}
	if v.Items, v.Total, err = project.List(ctx, q, narrow, v.F, p); err != nil {
		return err
	}
	year := ""
	if v.F.Year != 0 {
		year = strconv.Itoa(v.F.Year)
	}
	v.Pager = newPager(p, v.Total, func(n int) string {
		return link("/projects", "region", code, "year", year, "type", v.F.Type, "chain", v.F.Chain, "page", strconv.Itoa(n))
	})
	v.Region = code
	v.Children, err = s.regionLinks(ctx, scope, code, "/projects", "year", year, "type", v.F.Type, "chain", v.F.Chain)
	return err
}

// openProjects is the project list with its filters, for the export and
// the print view.
func (s *Server) openProjects(r *http.Request, tr translator) (listRun, error) {
	code, f, err := s.projectFilter(r.Context(), r)
	if err != nil {
		return listRun{}, err
	}
	scope, err := s.scope(r).Narrow(code)
	if err != nil {
		return listRun{}, err
	}
	q := s.cfg.DB.Reader()
	run := listRun{region: code}
	if f.Year != 0 {
		run.note(tr.T("projects.year"), strconv.Itoa(f.Year))
	}
	run.note(tr.T("projects.type"), f.Type)
	run.note(tr.T("projects.chain"), f.Chain)
	c := tr.col
	run.cols = append(append([]export.Column{c("projects.code", export.Text), c("projects.name", export.Text),
		c("projects.year", export.Integer)}, placeCols(tr)...), c("projects.type", export.Text), c("projects.subtype", export.Text),
		c("projects.chain", export.Text), c("projects.central", export.Money), c("projects.province", export.Money),
		c("projects.city", export.Money), c("projects.county", export.Money), c("projects.other", export.Money),
		c("projects.planned", export.Money), c("projects.completed", export.Money), c("projects.status", export.Text),
		c("projects.households", export.Integer))
	run.count = func(ctx context.Context) (int, error) {
		_, n, err := project.List(ctx, q, scope, f, store.Page{PerPage: 1})
		return n, err
	}
	run.each = func(ctx context.Context, _ bool, emit func(...any) error) error {
		pl := s.places(ctx)
		for pg := 1; ; pg++ {
			ps, total, err := project.List(ctx, q, scope, f, store.Page{Page: pg, PerPage: store.MaxPerPage})
			if err != nil {
				return err
			}
			for _, p := range ps {
				where, err := pl.Of(p.Region)
				if err != nil {
					return err
				}
				if err := emit(p.Code, p.Name, p.Year, where[0], where[1], where[2], p.Type, p.Subtype, p.Chain, p.Funds.Central,
					p.Funds.Province, p.Funds.City, p.Funds.County, p.Funds.Other, p.PlannedFen, p.CompletedFen, p.Status,
					p.Households); err != nil {
					return err
				}
			}
			if pg*store.MaxPerPage >= total {
				return nil
			}
		}
	}
	return run, nil
}

// projectPage is one project: its place, funds and investment, its
// beneficiary households in the scope, and the progress form.
type projectPage struct {
	layout
	P         project.Project
	Villages  []string
	Heads     map[string]string
	Benefits  []project.Beneficiary
	Statuses  []string
	Completed string // the form's completed investment in 元
	Problem   string
	Fields    map[string]string // the problem's reasons by field
}

// handleProject serves GET /projects/{id}.
func (s *Server) handleProject(w http.ResponseWriter, r *http.Request) {
	s.renderProject(w, r, http.StatusOK, nil)
}

func (s *Server) renderProject(w http.ResponseWriter, r *http.Request, status int, problem error) {
	ctx, scope, q := r.Context(), s.scope(r), s.cfg.DB.Reader()
	v := &projectPage{layout: s.newLayout(w, r, "projects.title", "projects"), Statuses: project.Statuses}
	id, err := pathID(r, "id")
	if err == nil {
		v.P, err = project.Find(ctx, q, scope, id)
	}
	if err == nil {
		v.Benefits, err = project.Beneficiaries(ctx, q, scope, id)
	}
	if err == nil {
		codes := make([]string, len(v.Benefits))
		for i, b := range v.Benefits {
			codes[i] = b.Code
		}
		v.Heads, err = registry.HeadNames(ctx, q, scope, codes)
	}
	var chain []region.Region
	if err == nil {
		chain, err = s.chain(ctx, v.P.Region)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.setRegion(&v.layout, scope, chain, func(c string) string { return link("/projects", "region", c) })
	v.Title += " · " + v.P.Name
	v.Completed = money.Format(v.P.CompletedFen)
	if problem != nil {
		p := problemOf(problem, v.Lang)
		v.Problem, v.Fields = p.Message, p.Fields
		v.Completed = r.PostFormValue("completed")
	}
	s.render(w, r, status, "project", v)
}

// handleProjectProgress serves POST /projects/{id}/progress (edit_registry):
// status and completed investment (元), audited; then back to the page.
func (s *Server) handleProjectProgress(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	pr := project.Progress{Status: r.PostFormValue("status")}
	if pr.CompletedFen, err = money.ParseYuan(r.PostFormValue("completed")); err != nil {
		err = unprocessable("completed", fault.T("金额格式不正确", "not an amount"))
	}
	if err == nil {
		err = project.SetProgress(r.Context(), s.cfg.DB, s.scope(r), id, pr, currentUser(r).Username)
	}
	if fault.KindOf(err) == fault.Invalid {
		s.renderProject(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/projects/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
