package web

import (
	"net/http"
	"strconv"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/labour"
)

// labourPage is the labour transfer page (就业帮扶): a region and a year,
// its figures, the subsidy amounts, the persons due (masked) and the
// year's payment batches.
type labourPage struct {
	layout
	Year     int
	Figures  labour.Figures
	AsOf     string
	Rates    []labour.Rate
	Due      []labour.Line
	DueFen   int64
	Batches  []labour.BatchInfo
	Children []crumb
	Full     bool // export_full: the batch workbook with complete ID numbers
}

// labourYear reads year (default this year).
func (s *Server) labourYear(r *http.Request) (int, error) {
	v := r.FormValue("year")
	if v == "" {
		return civil.DateOf(s.today()).Year(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2100 {
		return 0, fault.Invalidf("year", "年份不正确", "the year is not valid")
	}
	return y, nil
}

// handleLabour serves GET /labour?region=&year=.
func (s *Server) handleLabour(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &labourPage{layout: s.newLayout(w, r, "labour.title", "reports"), Full: currentUser(r).Can(auth.PermExportFull)}
	code, err := s.listRegion(ctx, r, scope, &v.layout, "/labour")
	if err == nil {
		v.Year, err = s.labourYear(r)
	}
	today := civil.DateOf(s.today())
	asOf := today
	if v.Year < today.Year() {
		asOf = civil.FromYMD(v.Year, 12, 31)
	}
	narrow := scope
	if err == nil {
		narrow, err = scope.Narrow(code)
	}
	q := s.cfg.DB.Reader()
	if err == nil && v.Year <= today.Year() {
		v.Figures, err = labour.FiguresAt(ctx, q, narrow, asOf)
		v.AsOf = asOf.String()
	}
	if err == nil {
		v.Rates, err = labour.Rates(ctx, q)
	}
	if err == nil {
		v.Due, err = labour.Due(ctx, q, narrow, v.Year, today)
	}
	if err == nil {
		v.Batches, err = labour.Batches(ctx, q, narrow, v.Year)
	}
	if err == nil {
		y := strconv.Itoa(v.Year)
		v.Children, err = s.regionLinks(ctx, scope, code, "/labour", "year", y)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, l := range v.Due {
		v.DueFen += l.AmountFen
	}
	v.Region = code
	s.render(w, r, http.StatusOK, "labour", v)
}

// handleLabourBatch serves POST /labour/batch (edit_registry): the payment
// list of the region and year, made as of today, then back to the page.
func (s *Server) handleLabourBatch(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	code, err := s.listRegionParam(ctx, r, scope)
	var year int
	if err == nil {
		year, err = s.labourYear(r)
	}
	if err == nil && code == "" {
		code = scopeRegion(scope)
	}
	if err == nil {
		_, err = labour.CreateBatch(ctx, s.cfg.DB, scope, code, year, civil.DateOf(s.today()), currentUser(r).Username)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, link("/labour", "region", code, "year", strconv.Itoa(year)), http.StatusSeeOther)
}

// labourSpec names the batch workbook for the export's checks: it has ID
// numbers, which export_full may ask for.
var labourSpec = &listSpec{name: "labour_batch", path: "/labour", title: "labour.title", pii: true}

// handleLabourBatchXLSX serves GET /labour/batch.xlsx?id= (masked) and
// POST (full=1, export_full only): a batch's workbook for the bank,
// audited before a byte is sent.
func (s *Server) handleLabourBatchXLSX(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	full, err := s.fullRequested(r, labourSpec)
	var id int64
	if err == nil {
		id, err = strconv.ParseInt(r.FormValue("id"), 10, 64)
		if err != nil || id < 1 {
			err = badRequest("id", fault.T("应为正整数", "must be a positive whole number"))
		}
	}
	var b labour.Batch
	if err == nil {
		b, err = labour.LoadBatch(ctx, s.cfg.DB.Reader(), scope, id)
	}
	if err == nil {
		ev := s.exportEvent(r, labourSpec, listRun{region: b.Region}, len(b.Lines), full)
		ev.Entity, ev.EntityID = "labour_subsidy_batch", strconv.FormatInt(id, 10)
		err = s.cfg.Audit.Append(ctx, ev)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment("labour-batch-"+strconv.FormatInt(id, 10),
		translator{pickLang(w, r)}.T("labour.batch_file"), b.Day.String(), "xlsx"))
	if err := labour.WriteBatch(w, b, s.cfg.Keys, full); err != nil {
		s.log.WarnContext(ctx, "labour batch not delivered", "err", err)
	}
}
