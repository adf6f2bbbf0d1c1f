package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/idcard"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// listSpec is one list of the site as a whole: the page at path shows it a
// page at a time; path.xlsx exports it as filtered and path/print prints
// it, both built by open from the page's own query parameters. One
// mechanism serves every list (exportList, printList); a list only says how
// to read its filters and rows.
type listSpec struct {
	name  string // the list's name in the audit log and the file name: "households"
	path  string // the page: "/households"
	title string // catalogue key of the list's title
	pii   bool   // it has ID or phone numbers, which export_full may ask for in full
	open  func(s *Server, r *http.Request, tr translator) (listRun, error)
}

// listRun is one request's list: the filters read from the query, in
// words for the print view; the columns; and the rows.
type listRun struct {
	region string       // the region listed; "" for the user's whole region
	notes  []filterNote // the filters that narrow the list
	cols   []export.Column
	count  func(ctx context.Context) (int, error)
	// each calls emit with every row, values in column order; full asks for
	// complete ID and phone numbers (only for a pii list, checked before).
	each func(ctx context.Context, full bool, emit func(vals ...any) error) error
}

// placedRows sets run's count and rows from a list a domain package reads
// in scope: page gives the rows of a page and the total (the count asks for
// one row: one is the filter with PerPage 1), forEach walks every row of f;
// each row's cells are cells of the row and the county, township and
// village of region(row).
func placedRows[F, R any](s *Server, run *listRun, scope store.Scope, f, one F,
	page func(context.Context, store.Querier, store.Scope, F) ([]R, int, error),
	forEach func(context.Context, store.Querier, store.Scope, F, func(R) error) error,
	region func(R) string, cells func(row R, place [3]string) []any) {
	q := s.cfg.DB.Reader()
	run.count = func(ctx context.Context) (int, error) {
		_, n, err := page(ctx, q, scope, one)
		return n, err
	}
	run.each = func(ctx context.Context, _ bool, emit func(...any) error) error {
		pl := s.places(ctx)
		return forEach(ctx, q, scope, f, func(row R) error {
			p, err := pl.Of(region(row))
			if err != nil {
				return err
			}
			return emit(cells(row, p)...)
		})
	}
}

// itemRows sets run's count and rows from items a page read whole: each
// row's cells are cells of the i-th item (full: complete ID numbers asked
// for, in a pii list) and the county, township and village of region(item).
func itemRows[R any](s *Server, run *listRun, items []R, region func(R) string,
	cells func(i int, item R, place [3]string, full bool) ([]any, error)) {
	run.count = func(context.Context) (int, error) { return len(items), nil }
	run.each = func(ctx context.Context, full bool, emit func(...any) error) error {
		pl := s.places(ctx)
		for i, item := range items {
			p, err := pl.Of(region(item))
			if err != nil {
				return err
			}
			vals, err := cells(i, item, p, full)
			if err != nil {
				return err
			}
			if err := emit(vals...); err != nil {
				return err
			}
		}
		return nil
	}
}

// filterNote is one filter of a list in words: 监测状态：当前监测.
type filterNote struct{ Label, Value string }

// note adds a filter in words when it is set.
func (run *listRun) note(label, value string) {
	if value != "" {
		run.notes = append(run.notes, filterNote{label, value})
	}
}

// The audit actions of exports: every export is audited, with the list,
// its filters and the number of rows (docs/api.md, Exports).
const (
	actionExport     = "export.list" // numbers masked
	actionExportFull = "export.full" // complete ID and phone numbers
)

// maxSheetRows is the most data rows a sheet takes: Excel's 1,048,576
// rows less the title and header.
const maxSheetRows = 1<<20 - 2

// exportList serves GET path.xlsx (masked) and POST path.xlsx (full=1 for
// complete numbers, export_full only): the whole filtered list as one
// streamed sheet. Nothing reaches the client before every row is read and
// the export is audited, so a failure is still an error page; a client
// that goes away cancels the reading.
func (s *Server) exportList(spec *listSpec) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tr := translator{pickLang(w, r)}
		full, err := s.fullRequested(r, spec)
		var run listRun
		if err == nil {
			run, err = spec.open(s, r, tr)
		}
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		ctx := r.Context()
		x := export.NewXLSX(w)
		defer x.Abort()
		sh := x.Sheet(tr.T(spec.title), s.listTitle(ctx, r, spec, run, tr), run.cols)
		rows := 0
		err = run.each(ctx, full, func(vals ...any) error {
			if rows++; rows > maxSheetRows {
				return fault.Invalidf("region", "超过Excel工作表的行数上限（%d行），请按区划分别导出",
					"More rows than an Excel sheet holds (%d); export region by region", maxSheetRows)
			}
			return sh.Row(vals...)
		})
		if ctx.Err() != nil {
			s.log.InfoContext(ctx, "export cancelled", "list", spec.name, "rows", rows)
			return
		}
		if err == nil {
			err = s.cfg.Audit.Append(ctx, s.exportEvent(r, spec, run, rows, full))
		}
		if err != nil {
			s.pageError(w, r, err) // no audit entry, no file
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", attachment(spec.name, tr.T(spec.title), s.today().Format("20060102"), "xlsx"))
		if err := x.Close(); err != nil {
			s.log.WarnContext(ctx, "export not delivered", "list", spec.name, "err", err) // too late for an error page
		}
	}
}

// fullRequested reads whether the request asks for complete numbers: a POST
// with full=1, from a role with export_full, of a list that has numbers.
func (s *Server) fullRequested(r *http.Request, spec *listSpec) (bool, error) {
	if r.Method != http.MethodPost || r.PostFormValue("full") != "1" {
		return false, nil
	}
	if !spec.pii {
		return false, fault.Invalidf("full", "此名单没有证件号码或电话", "This list has no ID or phone numbers")
	}
	if !currentUser(r).Can(auth.PermExportFull) {
		return false, errForbidden
	}
	return true, nil
}

// exportEvent is the audit entry of an export: the list, its filters as
// given, the rows written and whether numbers were complete.
func (s *Server) exportEvent(r *http.Request, spec *listSpec, run listRun, rows int, full bool) audit.Event {
	action := actionExport
	if full {
		action = actionExportFull
	}
	region := run.region
	if region == "" || region == nation {
		region = currentUser(r).Region
	}
	return audit.Event{Action: action, Entity: "list", EntityID: spec.name, Region: region,
		Detail: map[string]any{"list": spec.name, "filters": listFilters(r.URL.Query()), "rows": rows, "full": full}}
}

// listFilters are the query parameters that choose a list's rows: all but
// paging and language.
func listFilters(q url.Values) map[string]string {
	out := map[string]string{}
	for k, vs := range q {
		switch k {
		case "page", "per_page", "lang":
			continue
		}
		if len(vs) > 0 && vs[0] != "" {
			out[k] = vs[0]
		}
	}
	return out
}

// listTitle is the title row of an export: region, list and day.
func (s *Server) listTitle(ctx context.Context, r *http.Request, spec *listSpec, run listRun, tr translator) string {
	name := s.listRegionName(ctx, r, run, tr)
	return tr.Tf("lists.sheet_title", name, tr.T(spec.title), formatDate(tr.lang, s.today()))
}

// listRegionName names the region a list is of (the user's own when the
// list has none); a region that cannot be named shows its code.
func (s *Server) listRegionName(ctx context.Context, r *http.Request, run listRun, tr translator) string {
	code := run.region
	if code == "" {
		code = scopeRegion(s.scope(r))
	}
	if code == nation {
		return tr.T("region.nation")
	}
	names, err := s.regionNames(ctx, []string{code})
	if err != nil {
		return code
	}
	return names[code]
}

// attachment is the Content-Disposition of a download: an ASCII name for
// old clients and the Chinese one (RFC 6266) for the others.
func attachment(name, title, day, ext string) string {
	ascii := fmt.Sprintf("%s-%s.%s", name, day, ext)
	utf := url.PathEscape(fmt.Sprintf("%s-%s.%s", title, day, ext))
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, utf)
}

// listTools are a list page's buttons: the Excel export and the print view
// of the list as it is filtered now.
type listTools struct {
	XLSX, Print string
	Full        bool   // offer complete numbers: a POST form with a checkbox
	CSRF        string // the session's token for that form
}

// tools builds the buttons of spec's page for this request.
func (s *Server) tools(r *http.Request, spec *listSpec) listTools {
	q := s.listQuery(r)
	t := listTools{XLSX: spec.path + ".xlsx" + q, Print: spec.path + "/print" + q}
	if id, ok := who(r); ok {
		t.Full = spec.pii && id.user.Can(auth.PermExportFull)
		if id.session != nil {
			t.CSRF = id.session.CSRF
		}
	}
	return t
}

// listQuery is the page's query without paging and language, for the
// export and print links. A full ID number searched for is replaced by its
// keyed index (as the search form does), so it appears in no link.
func (s *Server) listQuery(r *http.Request) string {
	q := url.Values{}
	for k, v := range listFilters(r.URL.Query()) {
		if _, err := idcard.Parse(v, s.now()); err == nil {
			if k == "q" && s.cfg.Keys != nil {
				q.Set("qk", s.cfg.Keys.Index(idcard.Normalize(v)))
			}
			continue
		}
		q.Set(k, v)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// places names the county, township and village of region codes for the
// rows of an export (region.Places).
func (s *Server) places(ctx context.Context) *region.Places {
	return region.NewPlaces(ctx, s.cfg.DB.Reader())
}

// regionNamer names regions for the rows of an export, each looked up once
// ("" stays "", a region not stored shows its code).
func (s *Server) regionNamer(ctx context.Context) func(code string) (string, error) {
	known := map[string]string{"": ""}
	return func(code string) (string, error) {
		if n, ok := known[code]; ok {
			return n, nil
		}
		names, err := s.regionNames(ctx, []string{code})
		known[code] = names[code]
		return names[code], err
	}
}

// col is a column of an export with its header from the catalogue.
func (tr translator) col(key string, k export.Kind) export.Column {
	return export.Column{Header: tr.T(key), Kind: k}
}

// placeCols are the county, township and village columns of a list.
func placeCols(tr translator) []export.Column {
	return []export.Column{{Header: tr.T("lists.col.county")}, {Header: tr.T("lists.col.township")},
		{Header: tr.T("lists.col.village")}}
}

// idCell is an ID number of an export's row: masked, or in full (full is
// asked for and allowed: fullRequested) from its sealed value.
func (s *Server) idCell(full bool, masked string, sealed []byte) (string, error) {
	if !full {
		return masked, nil
	}
	return s.cfg.Keys.Open(sealed)
}

// yesNoText is a boolean cell: 是 or 否.
func yesNoText(tr translator, b bool) string { return yesNo(tr, &b) }

// dayCell is a stored day (YYYY-MM-DD) or time (RFC 3339, taken in China
// time) as a date cell; 0, an empty cell, for "" or anything else.
func dayCell(v string) civil.Date {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return civil.DateOf(t)
	}
	d, err := civil.ParseISO(v)
	if err != nil {
		return 0
	}
	return d
}

// stampText is a stored UTC time in China time, to the minute.
func stampText(v string) string {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return v
	}
	return t.In(civil.Zone).Format("2006-01-02 15:04")
}

// joinText joins labels with the Chinese enumeration comma.
// blankZero is v as an export cell, empty when v is zero (no day, no case).
func blankZero[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

func joinText(vs []string) string { return strings.Join(vs, "、") }
