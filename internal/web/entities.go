package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/entity"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// entitiesPage is the business entity page (联农带农): a region, its
// figures as of a day (today unless as_of), the entities with filters, the overdue payouts and
// the entities linked only weakly.
type entitiesPage struct {
	layout
	AsOf, Today string
	Figures     entity.Figures
	Filter      entity.Filter
	Rows        []entity.Row
	Weak        []entity.Row
	Overdue     []entity.Line
	OverdueMore int // overdue payouts not shown (the export has them all)
	Children    []crumb
	Tools       listTools
	OverdueXLSX string
	Kinds       []string
	Levels      []string
	FileKinds   []string   // the kinds of file the upload takes (entity.FileKinds)
	Upload      fileUpload // the upload just done
}

// maxOverdueShown is how many overdue payouts the page lists.
const maxOverdueShown = 200

// The lists of the page, as exports and print views (listSpec).
var (
	entitiesList = &listSpec{name: "entities", path: "/entities", title: "entity.title", open: (*Server).openEntities}
	overdueList  = &listSpec{name: "entity_payouts_overdue", path: "/entities/overdue", title: "entity.overdue",
		open: (*Server).openOverdue}
)

// entityDay reads as_of (YYYY-MM-DD, not after today; default today): the
// day of the figures, the overdue payouts and the list's counts.
func (s *Server) entityDay(r *http.Request) (civil.Date, error) {
	today := civil.DateOf(s.today())
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return today, nil
	}
	d, err := civil.ParseISO(v)
	if err != nil {
		return 0, badRequest("as_of", fault.T("日期格式应为YYYY-MM-DD", "The date must be YYYY-MM-DD"))
	}
	if d > today {
		return 0, fault.Invalidf("as_of", "日期不能晚于今天", "The date cannot be after today")
	}
	return d, nil
}

// entityFilter reads kind, level, name and weak.
func entityFilter(r *http.Request) (entity.Filter, error) {
	q := r.URL.Query()
	f := entity.Filter{Kind: q.Get("kind"), Level: q.Get("level"), Name: strings.TrimSpace(q.Get("name")), OnlyWeak: q.Get("weak") == "1"}
	if f.Kind != "" && !slices.Contains(entity.Kinds, f.Kind) {
		return f, badRequest("kind", fault.T("主体类型不正确", "unknown kind"))
	}
	if f.Level != "" && f.Level != "none" && !slices.Contains(entity.Levels, f.Level) {
		return f, badRequest("level", fault.T("等级不正确", "unknown level"))
	}
	return f, nil
}

// handleEntities serves GET /entities?region=&kind=&level=&name=&weak=.
func (s *Server) handleEntities(w http.ResponseWriter, r *http.Request) {
	s.renderEntities(w, r, http.StatusOK, fileUpload{})
}

// handleEntityImport serves POST /entities/import (edit_registry;
// multipart: kind, file): a file of one kind of entity.FileKinds imported
// at once, all or nothing, in the user's scope (docs/formats.md, "Business
// entities"); then the page with what was stored or every problem.
func (s *Server) handleEntityImport(w http.ResponseWriter, r *http.Request) {
	s.importUpload(w, r, func(path string) (fileUpload, error) {
		res, err := entity.ImportAt(r.Context(), s.cfg.DB, s.scope(r), r.FormValue("kind"), path, currentUser(r).Username, s.now())
		return uploadOf(res), err
	}, func(status int, u fileUpload) { s.renderEntities(w, r, status, u) })
}

// renderEntities answers with the page of the request's region, filters
// and day, with up, what an upload just did.
func (s *Server) renderEntities(w http.ResponseWriter, r *http.Request, status int, up fileUpload) {
	ctx, scope := r.Context(), s.scope(r)
	v := &entitiesPage{layout: s.newLayout(w, r, "entity.title", "entities"), Kinds: entity.Kinds, Levels: entity.Levels,
		FileKinds: entity.FileKinds, Upload: up}
	code, err := s.listRegion(ctx, r, scope, &v.layout, "/entities")
	if err == nil {
		v.Filter, err = entityFilter(r)
	}
	narrow := scope
	if err == nil {
		narrow, err = scope.Narrow(code)
	}
	var day civil.Date
	if err == nil {
		day, err = s.entityDay(r)
	}
	q := s.cfg.DB.Reader()
	if err == nil {
		v.Figures, err = entity.FiguresAt(ctx, q, narrow, day)
	}
	if err == nil {
		v.Rows, err = entity.List(ctx, q, narrow, v.Filter, day)
	}
	if err == nil {
		v.Weak, err = entity.List(ctx, q, narrow, entity.Filter{OnlyWeak: true}, day)
	}
	if err == nil {
		v.Overdue, err = entity.Overdue(ctx, q, narrow, day)
	}
	if err == nil {
		asOf := r.URL.Query().Get("as_of")
		v.Children, err = s.regionLinks(ctx, scope, code, "/entities", "as_of", asOf)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if n := len(v.Overdue); n > maxOverdueShown {
		v.Overdue, v.OverdueMore = v.Overdue[:maxOverdueShown], n-maxOverdueShown
	}
	v.Region, v.AsOf, v.Today = code, day.String(), civil.DateOf(s.today()).String()
	v.Tools = s.tools(r, entitiesList)
	v.OverdueXLSX = link("/entities/overdue.xlsx", "region", code, "as_of", r.URL.Query().Get("as_of"))
	s.render(w, r, status, "entities", v)
}

// entityPage is one entity with the lines of households of the scope.
type entityPage struct {
	layout
	E     entity.Entity
	D     entity.Detail
	Today string
}

// handleEntity serves GET /entities/{id}; an entity of none of the scope's
// places is not found.
func (s *Server) handleEntity(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &entityPage{layout: s.newLayout(w, r, "entity.title", "entities"), Today: civil.DateOf(s.today()).String()}
	id, err := pathID(r, "id")
	if err == nil {
		v.E, err = entity.Get(ctx, s.cfg.DB.Reader(), scope, id)
	}
	if err == nil {
		v.D, err = entity.Lines(ctx, s.cfg.DB.Reader(), scope, id, 0)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Title = v.E.Name
	s.render(w, r, http.StatusOK, "entity", v)
}

// handleEntityPaid serves POST /entities/payouts/{id}/paid (edit_registry):
// paid (YYYY-MM-DD) and evidence; back to the entity's page.
func (s *Server) handleEntityPaid(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	id, err := pathID(r, "id")
	var day civil.Date
	if err == nil {
		if day, err = civil.ParseISO(r.FormValue("paid")); err != nil {
			err = fault.Invalidf("paid", "日期格式应为YYYY-MM-DD", "The date must be YYYY-MM-DD")
		}
	}
	back, _ := strconv.ParseInt(r.FormValue("entity"), 10, 64)
	if err == nil {
		err = entity.MarkPaid(ctx, s.cfg.DB, scope, id, day, civil.DateOf(s.today()), r.FormValue("evidence"), currentUser(r).Username)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	to := "/entities"
	if back > 0 {
		to = "/entities/" + strconv.FormatInt(back, 10) + "#payouts"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// entitiesRun reads the region and day of an export: the list's run with
// them noted, the caller's scope narrowed to the region.
func (s *Server) entitiesRun(r *http.Request, tr translator) (listRun, store.Scope, civil.Date, error) {
	code, err := s.listRegionParam(r.Context(), r, s.scope(r))
	var scope store.Scope
	if err == nil {
		scope, err = s.scope(r).Narrow(code)
	}
	var day civil.Date
	if err == nil {
		day, err = s.entityDay(r)
	}
	run := listRun{region: code}
	run.note(tr.T("entity.figures"), day.String())
	return run, scope, day, err
}

// openEntities is the entity list with the page's filters and region.
func (s *Server) openEntities(r *http.Request, tr translator) (listRun, error) {
	run, scope, today, err := s.entitiesRun(r, tr)
	if err != nil {
		return listRun{}, err
	}
	f, err := entityFilter(r)
	if err != nil {
		return listRun{}, err
	}
	run.note(tr.T("entity.kind"), f.Kind)
	run.note(tr.T("entity.level"), f.Level)
	run.note(tr.T("entity.name"), f.Name)
	if f.OnlyWeak {
		run.note(tr.T("entity.weak_only"), tr.T("yes"))
	}
	c := tr.col
	run.cols = []export.Column{{Header: tr.T("entity.name"), Width: 30}, c("entity.credit_code", export.Text), c("entity.kind", export.Text),
		c("entity.level", export.Text), c("lists.col.county", export.Text), {Header: tr.T("entity.areas"), Width: 30},
		{Header: tr.T("entity.mechanisms"), Width: 30}, c("entity.households", export.Integer), c("entity.shares", export.Money),
		c("entity.agreements", export.Integer), c("entity.overdue_count", export.Integer), c("entity.weak", export.Text)}
	list := func(ctx context.Context) ([]entity.Row, error) {
		return entity.List(ctx, s.cfg.DB.Reader(), scope, f, today)
	}
	run.count = func(ctx context.Context) (int, error) {
		rows, err := list(ctx)
		return len(rows), err
	}
	run.each = func(ctx context.Context, _ bool, emit func(...any) error) error {
		rows, err := list(ctx)
		if err != nil {
			return err
		}
		name := s.regionNamer(ctx)
		for _, e := range rows {
			county, err := name(e.County)
			if err != nil {
				return err
			}
			var areas []string
			for _, a := range e.Areas {
				n, err := name(a)
				if err != nil {
					return err
				}
				areas = append(areas, n)
			}
			if err := emit(e.Name, e.CreditCode, e.Kind, e.Level, county, strings.Join(areas, "、"), strings.Join(e.Mechanisms, "、"),
				e.Households, e.SharesFen, e.Agreements, e.Overdue, yesNoText(tr, e.OnlyWeak)); err != nil {
				return err
			}
		}
		return nil
	}
	return run, nil
}

// openOverdue is the list of payouts of the region overdue on as_of.
func (s *Server) openOverdue(r *http.Request, tr translator) (listRun, error) {
	run, scope, today, err := s.entitiesRun(r, tr)
	if err != nil {
		return listRun{}, err
	}
	c := tr.col
	run.cols = append(append([]export.Column{{Header: tr.T("entity.name"), Width: 30}, c("lists.col.head_name", export.Text),
		c("col.code", export.Text)}, placeCols(tr)...), c("entity.year", export.Integer), c("entity.amount", export.Money),
		c("entity.due", export.Date))
	run.count = func(ctx context.Context) (int, error) {
		ls, err := entity.Overdue(ctx, s.cfg.DB.Reader(), scope, today)
		return len(ls), err
	}
	run.each = func(ctx context.Context, _ bool, emit func(...any) error) error {
		ls, err := entity.Overdue(ctx, s.cfg.DB.Reader(), scope, today)
		if err != nil {
			return err
		}
		pl := s.places(ctx)
		for _, l := range ls {
			p, err := pl.Of(l.Region)
			if err != nil {
				return err
			}
			if err := emit(l.EntityName, l.Head, l.HouseholdCode, p[0], p[1], p[2], l.Year, l.AmountFen, l.Due); err != nil {
				return err
			}
		}
		return nil
	}
	return run, nil
}
