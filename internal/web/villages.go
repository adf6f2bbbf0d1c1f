package web

import (
	"net/http"
	"strconv"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/regcode"
	"fangpin/internal/stats"
	"fangpin/internal/store"
	"fangpin/internal/village"
)

// villagesPage is the 和美乡村 page: a region and a year, its figures, a row
// per county and per township with their sums, and the villages' rows.
type villagesPage struct {
	layout
	Year      int
	AsOf      string
	Figures   village.Figures
	Counties  []village.Group // shown above a county
	Townships []village.Group // shown above a township
	Rows      []villageRow
	Children  []crumb
	Tools     listTools
	Missing   []string // a township's (or the village's own) villages without a row of the year
}

// villageRow is one village's row with its registry households on the day.
type villageRow struct {
	village.Indicator
	Registered int
	Titles     string
}

// villagesSpec names the village table for the export's checks: no
// personal data.
var villagesSpec = &listSpec{name: "villages", path: "/villages", title: "villages.title"}

// villageTable reads the region and year of r and the table of the region
// as of the year's day (village.AsOf).
func (s *Server) villageTable(r *http.Request, scope store.Scope, code string) (year int, asOf civil.Date,
	rows []village.Indicator, registered map[string]int, f village.Figures, err error) {
	if year, err = s.labourYear(r); err != nil {
		return
	}
	narrow, err := scope.Narrow(code)
	if err != nil {
		return
	}
	asOf = village.AsOf(year, civil.DateOf(s.today()))
	rows, registered, f, err = stats.VillageTable(r.Context(), s.cfg.DB.Reader(), narrow, asOf.Time())
	return
}

// handleVillages serves GET /villages?region=&year=.
func (s *Server) handleVillages(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &villagesPage{layout: s.newLayout(w, r, "villages.title", "reports")}
	code, err := s.listRegion(ctx, r, scope, &v.layout, "/villages")
	var rows []village.Indicator
	var registered map[string]int
	var asOf civil.Date
	if err == nil {
		v.Year, asOf, rows, registered, v.Figures, err = s.villageTable(r, scope, code)
	}
	if err == nil {
		y := strconv.Itoa(v.Year)
		v.Children, err = s.regionLinks(ctx, scope, code, "/villages", "year", y)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	level := regcode.LevelOfPrefix(scope.Prefix())
	if code != "" {
		level = regcode.Level(code)
	}
	if level < regcode.County {
		v.Counties = village.Rollup(v.Year, rows, registered, regcode.County)
	}
	if level < regcode.Township {
		v.Townships = village.Rollup(v.Year, rows, registered, regcode.Township)
	}
	has := map[string]bool{}
	for _, i := range rows {
		v.Rows = append(v.Rows, villageRow{i, registered[i.Region], strings.Join(i.Titles, village.TitleSep)})
		has[i.Region] = true
	}
	if v.Missing, err = s.villagesMissing(r, scope, code, level, has); err != nil {
		s.pageError(w, r, err)
		return
	}
	v.AsOf, v.Region = asOf.String(), code
	v.Tools = s.tools(r, villagesSpec)
	v.Tools.XLSX, v.Tools.Print = link("/villages.xlsx", "region", code, "year", strconv.Itoa(v.Year)), ""
	s.render(w, r, http.StatusOK, "villages", v)
}

// handleVillagesXLSX serves GET /villages.xlsx?region=&year=: the village
// table as a workbook, audited before a byte is sent.
func (s *Server) handleVillagesXLSX(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	code, err := s.listRegionParam(ctx, r, scope)
	var rows []village.Indicator
	var registered map[string]int
	var f village.Figures
	var asOf civil.Date
	var year int
	if err == nil {
		year, asOf, rows, registered, f, err = s.villageTable(r, scope, code)
	}
	if err == nil {
		ev := s.exportEvent(r, villagesSpec, listRun{region: code}, len(rows), false)
		err = s.cfg.Audit.Append(ctx, ev)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	tr := translator{pickLang(w, r)}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment("villages-"+strconv.Itoa(year), tr.T("villages.title"), asOf.String(), "xlsx"))
	title := tr.T("villages.title") + "（" + strconv.Itoa(year) + "，" + asOf.String() + "）"
	if err := village.WriteTable(w, title, rows, village.PlaceNames(s.places(ctx)), registered, f); err != nil {
		s.log.WarnContext(ctx, "village table not delivered", "err", err)
	}
}

// villageEditPage is the form of one village's row of a year.
type villageEditPage struct {
	layout
	Row     village.Indicator
	Titles  string
	Levels  []string
	Problem string
	Field   string
}

// villageParams reads the village and year of r; a village outside the
// scope or not a village is not found.
func (s *Server) villageParams(r *http.Request, scope store.Scope) (string, int, error) {
	code, err := s.listRegionParam(r.Context(), r, scope)
	if err == nil && regcode.Level(code) != regcode.Village {
		err = fault.Invalidf("region", "请选择一个村", "choose a village")
	}
	var year int
	if err == nil {
		year, err = s.labourYear(r)
	}
	return code, year, err
}

// handleVillageEdit serves GET /villages/edit?region=VILLAGE&year=.
func (s *Server) handleVillageEdit(w http.ResponseWriter, r *http.Request) {
	scope := s.scope(r)
	code, year, err := s.villageParams(r, scope)
	var row village.Indicator
	if err == nil {
		row, err = village.Find(r.Context(), s.cfg.DB.Reader(), scope, code, year)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderVillageEdit(w, r, http.StatusOK, row, "", "")
}

func (s *Server) renderVillageEdit(w http.ResponseWriter, r *http.Request, status int, row village.Indicator, field, msg string) {
	v := &villageEditPage{layout: s.newLayout(w, r, "villages.edit", "reports"), Row: row,
		Titles: strings.Join(row.Titles, village.TitleSep), Levels: village.Levels, Problem: msg, Field: field}
	if chain, err := s.chain(r.Context(), row.Region); err == nil {
		s.setRegion(&v.layout, s.scope(r), chain, func(c string) string { return link("/villages", "region", c, "year", strconv.Itoa(row.Year)) })
	}
	v.Region = row.Region
	s.render(w, r, status, "village_edit", v)
}

// handleVillageSave serves POST /villages/edit (edit_registry): the row as
// typed, audited, then back to the village's township.
func (s *Server) handleVillageSave(w http.ResponseWriter, r *http.Request) {
	scope := s.scope(r)
	code, year, err := s.villageParams(r, scope)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	row := villageForm(r)
	row.Region, row.Year = code, year
	err = village.Update(r.Context(), s.cfg.DB, scope, row, currentUser(r).Username)
	if err == nil {
		http.Redirect(w, r, link("/villages", "region", regcode.AncestorAt(code, regcode.Township), "year", strconv.Itoa(year)), http.StatusSeeOther)
		return
	}
	s.formError(w, r, err, "village", func(status int, f formState) { s.renderVillageEdit(w, r, status, row, f.Field, f.Problem) })
}

// villageForm reads the form's fields; a count that does not read is -1,
// which the row's check refuses on its field.
func villageForm(r *http.Request) village.Indicator {
	n := func(name string) int {
		v := strings.TrimSpace(r.PostFormValue(name))
		if v == "" {
			return 0
		}
		i, err := strconv.Atoi(v)
		if err != nil {
			return -1
		}
		return i
	}
	on := func(name string) bool { return r.PostFormValue(name) == "1" }
	row := village.Indicator{PlanDone: on("plan_done"), DemoLevel: r.PostFormValue("demo_level"), DemoYear: n("demo_year"),
		ToiletsPlanned: n("toilets_planned"), ToiletsDone: n("toilets_done"), SanitaryHouseholds: n("sanitary_households"),
		Cleaners: n("cleaners"), Vehicles: n("vehicles"), SewageTreated: on("sewage_treated"), ListPower: on("list_power"),
		ListAffairs: on("list_affairs"), ListServices: on("list_services"), Titles: village.SplitTitles(r.PostFormValue("titles"))}
	return row
}

// villagesMissing are the villages of a township (or the village itself)
// without a row of the year, so that their rows can be typed.
func (s *Server) villagesMissing(r *http.Request, scope store.Scope, code string, level int, has map[string]bool) ([]string, error) {
	var codes []string
	switch level {
	case regcode.Village:
		codes = []string{code}
	case regcode.Township:
		kids, err := s.children(r.Context(), scope, code)
		if err != nil {
			return nil, err
		}
		for _, k := range kids {
			codes = append(codes, k.Code)
		}
	}
	var out []string
	for _, c := range codes {
		if !has[c] {
			out = append(out, c)
		}
	}
	return out, nil
}
