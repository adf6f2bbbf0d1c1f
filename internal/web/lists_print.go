package web

import (
	"bufio"
	"errors"
	"fmt"
	"html/template"
	"net/http"

	"fangpin/internal/civil"
)

// printCap bounds the rows of a print view: beyond it the page says so and
// points to the Excel export (a browser lays out tens of thousands of rows
// slowly, and nobody prints them).
var printCap = 20000

// errPrintCap stops reading a list at the print view's bound.
var errPrintCap = errors.New("web: print view full")

// printPage is the head and foot of a print view; its rows are written one
// by one between them.
type printPage struct {
	layout
	ListTitle  string // the list's title, with its region
	Notes      []filterNote
	Headers    []string
	Total, Cap int
	Capped     bool   // more rows than Cap: only the first Cap are shown
	Cut        bool   // reading the rows failed part of the way
	Back, XLSX string // the list page and its export, with the same filters
	PrintedAt  string
}

// printList serves GET path/print: the whole filtered list as one page
// without the menu, for the browser to print. Numbers are masked, as on
// every page; the rows are streamed, at most printCap of them.
func (s *Server) printList(spec *listSpec) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		l := s.newLayout(w, r, spec.title, "")
		tr := translator{l.Lang}
		run, err := spec.open(s, r, tr)
		total := 0
		if err == nil {
			total, err = run.count(ctx)
		}
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		q := s.listQuery(r)
		v := &printPage{layout: l, Notes: run.notes, Total: total, Cap: printCap, Capped: total > printCap,
			Back: spec.path + q, XLSX: spec.path + ".xlsx" + q, PrintedAt: s.now().In(civil.Zone).Format("2006-01-02 15:04")}
		v.ListTitle = s.listRegionName(ctx, r, run, tr) + " " + l.Title
		v.Title = v.ListTitle // the document's title (doc-head)
		for _, c := range run.cols {
			v.Headers = append(v.Headers, c.Header)
		}
		t, err := s.pages.page(l.Lang, "print")
		if err != nil {
			s.renderFailed(w, r, "print", err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		bw := bufio.NewWriterSize(w, 32<<10)
		defer bw.Flush()
		if err := t.ExecuteTemplate(bw, "print-head", v); err != nil {
			s.log.ErrorContext(ctx, "print view", "list", spec.name, "err", err)
			return
		}
		err = s.printRows(r, t, bw, run)
		if ctx.Err() != nil {
			return // the reader went away
		}
		if err != nil && !errors.Is(err, errPrintCap) {
			s.log.ErrorContext(ctx, "print view", "list", spec.name, "err", err)
			v.Cut = true
		}
		t.ExecuteTemplate(bw, "print-foot", v)
	}
}

// printRow is one row of a print view: its number and its cells as text.
type printRow struct {
	N     int
	Cells []string
}

// printRows writes the rows of run, numbered, up to printCap.
func (s *Server) printRows(r *http.Request, t *template.Template, bw *bufio.Writer, run listRun) error {
	row := printRow{Cells: make([]string, len(run.cols))}
	return run.each(r.Context(), false, func(vals ...any) error {
		if row.N == printCap {
			return errPrintCap
		}
		row.N++
		if len(vals) != len(row.Cells) {
			return fmt.Errorf("web: print row of %d values for %d columns", len(vals), len(row.Cells))
		}
		for i, v := range vals {
			var err error
			if row.Cells[i], err = run.cols[i].Text(v); err != nil {
				return err
			}
		}
		return t.ExecuteTemplate(bw, "print-row", row)
	})
}
