package web

import (
	"net/http"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/ledger"
)

// ledgersPage is the ledgers page (台账): a region and a period, and the
// workbook of the five ledgers for them.
type ledgersPage struct {
	layout
	From, To string
	Names    []string
	Children []crumb
	Tools    listTools // the workbook with the page's region and period (no print view)
}

// ledgerPeriod reads from and to (YYYY-MM-DD); by default the year so far.
func (s *Server) ledgerPeriod(r *http.Request) (from, to civil.Date, err error) {
	q := r.URL.Query()
	today := civil.DateOf(s.today())
	from, to = civil.FromYMD(today.Year(), 1, 1), today
	if v := q.Get("from"); v != "" {
		if from, err = civil.ParseISO(v); err != nil {
			return 0, 0, fault.Invalidf("from", "日期格式应为YYYY-MM-DD", "The date must be YYYY-MM-DD")
		}
	}
	if v := q.Get("to"); v != "" {
		if to, err = civil.ParseISO(v); err != nil {
			return 0, 0, fault.Invalidf("to", "日期格式应为YYYY-MM-DD", "The date must be YYYY-MM-DD")
		}
	}
	return from, to, ledger.CheckPeriod(from, to)
}

// handleLedgers serves GET /ledgers?region=&from=&to=.
func (s *Server) handleLedgers(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &ledgersPage{layout: s.newLayout(w, r, "ledgers.title", "reports"), Names: ledger.Names}
	code, err := s.listRegion(ctx, r, scope, &v.layout, "/ledgers")
	var from, to civil.Date
	if err == nil {
		from, to, err = s.ledgerPeriod(r)
	}
	if err == nil {
		v.From, v.To = from.String(), to.String()
		v.Children, err = s.regionLinks(ctx, scope, code, "/ledgers", "from", v.From, "to", v.To)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Region = code
	v.Tools = listTools{XLSX: link("/ledgers.xlsx", "region", code, "from", v.From, "to", v.To),
		Full: currentUser(r).Can(auth.PermExportFull), CSRF: v.CSRF}
	s.render(w, r, http.StatusOK, "ledgers", v)
}

// handleLedgersXLSX serves GET /ledgers.xlsx (masked) and POST /ledgers.xlsx
// (full=1 for complete numbers, export_full only): the five ledgers of the
// region and period as one streamed workbook, audited with its rows before
// a byte is sent.
func (s *Server) handleLedgersXLSX(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	tr := translator{pickLang(w, r)}
	full, err := s.fullRequested(r, ledgersSpec)
	var code string
	if err == nil {
		code, err = s.listRegionParam(ctx, r, scope)
	}
	var from, to civil.Date
	if err == nil {
		from, to, err = s.ledgerPeriod(r)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	run := listRun{region: code}
	req := ledger.Request{Region: code, RegionName: s.listRegionName(ctx, r, run, tr), From: from, To: to, Full: full,
		Today: civil.DateOf(s.today())}
	x := export.NewXLSX(w)
	defer x.Abort()
	res, err := ledger.Write(ctx, s.cfg.DB.Reader(), s.cfg.Keys, scope, x, req)
	if ctx.Err() != nil {
		return
	}
	if err == nil {
		err = s.cfg.Audit.Append(ctx, s.ledgerEvent(r, code, res, full))
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment("ledgers", tr.T("ledgers.title"),
		compactDay(from)+"-"+compactDay(to), "xlsx"))
	if err := x.Close(); err != nil {
		s.log.WarnContext(ctx, "ledgers not delivered", "err", err)
	}
}

// ledgersSpec names the ledgers for the export's checks: it has ID and
// phone numbers, which export_full may ask for.
var ledgersSpec = &listSpec{name: "ledgers", path: "/ledgers", title: "ledgers.title", pii: true}

// ledgerEvent is the audit entry of a ledger workbook: the region, the
// period, the rows of each ledger and whether numbers were complete.
func (s *Server) ledgerEvent(r *http.Request, code string, res ledger.Result, full bool) audit.Event {
	ev := s.exportEvent(r, ledgersSpec, listRun{region: code}, res.Rows, full)
	ev.Entity = "ledger"
	ev.Detail.(map[string]any)["sheets"] = res.Sheets
	return ev
}

// compactDay is YYYYMMDD, for file names.
func compactDay(d civil.Date) string { return d.UTC().Format("20060102") }
