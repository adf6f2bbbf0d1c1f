package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/water"
)

// waterPage is the drinking water page (饮水安全): a region's figures as
// of today, its schemes with their open problems and latest sample, the
// problems open or lately resolved, and the form to record one.
type waterPage struct {
	layout
	Figures  water.Figures
	AsOf     string
	Schemes  []water.Scheme
	Problems []water.Problem
	Sources  []string
	Children []crumb
	Tools    listTools // the schemes' workbook and print view
	PTools   listTools // the problems'
	Today    string
	Kinds    []string   // the kinds of file the upload takes (water.Kinds)
	Upload   fileUpload // the upload just done
}

var (
	waterList    = &listSpec{name: "water_schemes", path: "/water", title: "water.schemes", open: (*Server).openWaterSchemes}
	problemsList = &listSpec{name: "water_problems", path: "/water/problems", title: "water.problems", open: (*Server).openWaterProblems}
)

// waterScope reads the page's region: its code ("" for the whole scope)
// and the scope narrowed to it.
func (s *Server) waterScope(ctx context.Context, r *http.Request, l *layout, path string) (string, store.Scope, error) {
	scope := s.scope(r)
	var code string
	var err error
	if l != nil {
		code, err = s.listRegion(ctx, r, scope, l, path)
	} else {
		code, err = s.listRegionParam(ctx, r, scope)
	}
	if err != nil || code == "" {
		return code, scope, err
	}
	narrow, err := scope.Narrow(code)
	return code, narrow, err
}

// handleWater serves GET /water?region=.
func (s *Server) handleWater(w http.ResponseWriter, r *http.Request) {
	s.renderWater(w, r, http.StatusOK, fileUpload{})
}

// handleWaterImport serves POST /water/import (edit_registry; multipart:
// kind, file): a file of one kind of water.Kinds imported at once, all or
// nothing, in the user's scope (docs/formats.md, "Water supply"); then the
// page with what was stored or every problem.
func (s *Server) handleWaterImport(w http.ResponseWriter, r *http.Request) {
	s.importUpload(w, r, func(path string) (fileUpload, error) {
		res, err := water.Import(r.Context(), s.cfg.DB, s.scope(r), r.FormValue("kind"), path, currentUser(r).Username)
		return fileUpload{Imported: res.Rows, Skipped: res.Skipped, Issues: res.Issues, More: res.Count - len(res.Issues)}, err
	}, func(status int, u fileUpload) { s.renderWater(w, r, status, u) })
}

// renderWater answers with the page of the request's region, with up, what
// an upload just did.
func (s *Server) renderWater(w http.ResponseWriter, r *http.Request, status int, up fileUpload) {
	ctx := r.Context()
	v := &waterPage{layout: s.newLayout(w, r, "water.title", "water"), Sources: water.Sources,
		Tools: s.tools(r, waterList), PTools: s.tools(r, problemsList), Kinds: water.Kinds, Upload: up}
	code, narrow, err := s.waterScope(ctx, r, &v.layout, "/water")
	today := civil.DateOf(s.today())
	v.AsOf, v.Today = today.String(), today.String()
	q := s.cfg.DB.Reader()
	if err == nil {
		v.Figures, err = water.FiguresAt(ctx, q, narrow, today)
	}
	if err == nil {
		v.Schemes, err = water.Schemes(ctx, q, narrow, today)
	}
	if err == nil {
		v.Problems, err = water.Problems(ctx, q, narrow, today)
	}
	if err == nil {
		v.Children, err = s.regionLinks(ctx, s.scope(r), code, "/water")
	}
	v.Region = code
	s.renderPageStatus(w, r, err, status, "water", v)
}

// recordDay reads a dated step on a record: its id from the path and the
// day of the form's field (formDay).
func recordDay(r *http.Request, field string) (int64, civil.Date, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	day, err := formDay(r, field)
	return id, day, err
}

// formDay reads a date field of a form (YYYY-MM-DD); "" is 0.
func formDay(r *http.Request, field string) (civil.Date, error) {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return 0, nil
	}
	d, err := civil.ParseISO(v)
	if err != nil {
		return 0, fault.Invalidf(field, "日期格式应为YYYY-MM-DD", "a date must be written YYYY-MM-DD")
	}
	return d, nil
}

// handleWaterProblem serves POST /water/problems (edit_registry): a problem
// of a scheme (scheme=ID) or of a household (household=户编号) of the
// scope, then back to the page.
func (s *Server) handleWaterProblem(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	p := water.Problem{Source: r.PostFormValue("source"), Description: r.PostFormValue("description")}
	reported, err := formDay(r, "reported")
	p.Reported = reported
	if v := r.PostFormValue("scheme"); err == nil && v != "" {
		if p.SchemeID, err = strconv.ParseInt(v, 10, 64); err != nil {
			err = fault.Invalidf("scheme", "未找到该供水工程", "no such scheme")
		}
	}
	if code := strings.TrimSpace(r.PostFormValue("household")); err == nil && code != "" {
		var h *registry.Household
		if h, _, err = registry.FindHousehold(ctx, s.cfg.DB.Reader(), scope, code); err == nil {
			p.HouseholdID = h.ID
		} else if errors.Is(err, store.ErrNotFound) {
			err = fault.Invalidf("household", "未找到该户编号的农户", "no household of that code")
		}
	}
	if err == nil {
		_, err = water.RecordProblem(ctx, s.cfg.DB, scope, p, currentUser(r).Username)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, link("/water", "region", r.URL.Query().Get("region"))+"#problems", http.StatusSeeOther)
}

// handleWaterResolve serves POST /water/problems/{id}/resolve
// (edit_registry): the problem resolved on the day given, by the user.
func (s *Server) handleWaterResolve(w http.ResponseWriter, r *http.Request) {
	id, day, err := recordDay(r, "resolved")
	if err == nil {
		err = water.ResolveProblem(r.Context(), s.cfg.DB, s.scope(r), id, day, strings.TrimSpace(r.PostFormValue("resolution")),
			currentUser(r).Username)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, link("/water", "region", r.URL.Query().Get("region"))+"#problems", http.StatusSeeOther)
}

// openWaterSchemes is the schemes of the region as a list.
func (s *Server) openWaterSchemes(r *http.Request, tr translator) (listRun, error) {
	ctx := r.Context()
	code, narrow, err := s.waterScope(ctx, r, nil, "")
	if err != nil {
		return listRun{}, err
	}
	today := civil.DateOf(s.today())
	schemes, err := water.Schemes(ctx, s.cfg.DB.Reader(), narrow, today)
	if err != nil {
		return listRun{}, err
	}
	c := tr.col
	run := listRun{region: code, cols: []export.Column{c("water.code", export.Text), c("water.name", export.Text),
		c("water.kind", export.Text), {Header: tr.T("water.villages"), Width: 40}, c("water.served", export.Integer),
		c("water.open", export.Integer), c("water.latest_day", export.Date), c("water.latest_result", export.Text)}}
	run.count = func(context.Context) (int, error) { return len(schemes), nil }
	run.each = func(ctx context.Context, _ bool, emit func(...any) error) error {
		name := s.regionNamer(ctx)
		for _, sc := range schemes {
			var vs []string
			for _, v := range sc.Villages {
				n, err := name(v.Region)
				if err != nil {
					return err
				}
				vs = append(vs, n+" "+strconv.Itoa(v.Households))
			}
			if err := emit(sc.Code, sc.Name, sc.Kind, strings.Join(vs, "、"), sc.Served, sc.OpenProblems, blankZero(sc.Latest.Day),
				sc.Latest.Result); err != nil {
				return err
			}
		}
		return nil
	}
	return run, nil
}

// openWaterProblems is the problems of the region, open or resolved in the
// last 90 days, as a list.
func (s *Server) openWaterProblems(r *http.Request, tr translator) (listRun, error) {
	ctx := r.Context()
	code, narrow, err := s.waterScope(ctx, r, nil, "")
	if err != nil {
		return listRun{}, err
	}
	problems, err := water.Problems(ctx, s.cfg.DB.Reader(), narrow, civil.DateOf(s.today()))
	if err != nil {
		return listRun{}, err
	}
	c := tr.col
	run := listRun{region: code, cols: append(append([]export.Column{c("water.scheme", export.Text), c("col.code", export.Text)},
		placeCols(tr)...), c("water.source", export.Text), export.Column{Header: tr.T("water.description"), Width: 40},
		c("water.reported", export.Date), c("water.reported_by", export.Text), c("water.resolved", export.Date),
		c("water.resolved_by", export.Text), export.Column{Header: tr.T("water.resolution"), Width: 30})}
	itemRows(s, &run, problems, func(p water.Problem) string { return p.Region },
		func(_ int, p water.Problem, place [3]string, _ bool) ([]any, error) {
			return []any{p.SchemeName, p.Household, place[0], place[1], place[2], p.Source, p.Description, p.Reported,
				p.ReportedBy, blankZero(p.Resolved), p.ResolvedBy, p.Resolution}, nil
		})
	return run, nil
}
