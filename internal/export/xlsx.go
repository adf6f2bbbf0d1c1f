package export

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/civil"
)

// XLSX streams a workbook of one or more sheets to an io.Writer. Rows go to
// excelize's stream writers, which keep at most a fixed buffer per sheet in
// memory and spill the rest to temporary files in a directory of the
// workbook's own; Close writes the ZIP straight to the writer and removes
// that directory, as does Abort. Nothing reaches the writer before Close, so
// a caller whose rows fail can still answer with an error.
//
// An XLSX is not safe for concurrent use. Errors are sticky: after the first,
// Row and Close return it.
type XLSX struct {
	w      io.Writer
	f      *excelize.File
	tmp    string
	styles map[string]int
	names  map[string]bool // sheet names taken, folded as Excel compares them
	cur    *Sheet
	sheets int
	err    error
	done   bool
}

// Sheet is one worksheet of an XLSX; it takes rows until the next Sheet is
// started or the workbook is closed.
type Sheet struct {
	x      *XLSX
	sw     *excelize.StreamWriter
	cols   []Column
	styles []int // per column: the data cell style
	quoted int   // text that would read as a formula
	row    int   // last row written
	buf    []any
}

// errFinished is the error of writing to a table that is over.
var errFinished = errors.New("export: table already finished (a later one was started or the file closed)")

// NewXLSX starts a workbook that Close will write to w.
func NewXLSX(w io.Writer) *XLSX {
	x := &XLSX{w: w, styles: map[string]int{}, names: map[string]bool{}}
	x.tmp, x.err = os.MkdirTemp("", "fangpin-export-")
	if x.err != nil {
		x.err = fmt.Errorf("export: temporary directory: %w", x.err)
		x.done = true
		return x
	}
	x.f = excelize.NewFile(excelize.Options{TmpDir: x.tmp})
	x.fail(x.f.SetDocProps(&excelize.DocProperties{Creator: "fangpin", LastModifiedBy: "fangpin"}))
	return x
}

// fail records the first error.
func (x *XLSX) fail(err error) error {
	if err != nil && x.err == nil {
		x.err = err
	}
	return x.err
}

// Sheet finishes the current sheet and starts a new one named name
// (sanitised to Excel's rules and made unique). A non-empty title becomes a
// first row merged across the columns; the header row follows; both stay
// frozen when scrolling.
func (x *XLSX) Sheet(name, title string, cols []Column) *Sheet {
	s := &Sheet{x: x, cols: cols}
	if x.done {
		x.fail(errFinished)
		return s
	}
	if x.err != nil || x.fail(checkColumns(cols)) != nil || x.fail(x.finish()) != nil {
		return s
	}
	if len(cols) > excelize.MaxColumns {
		x.fail(fmt.Errorf("export: %d columns, Excel allows %d", len(cols), excelize.MaxColumns))
		return s
	}
	if x.fail(x.open(s, x.uniqueName(sheetName(name)))) != nil {
		return s
	}
	x.cur = s
	x.fail(s.begin(title))
	return s
}

// open adds the worksheet and its stream writer.
func (x *XLSX) open(s *Sheet, name string) error {
	var err error
	if x.sheets == 0 {
		err = x.f.SetSheetName("Sheet1", name) // the one a new file has
	} else {
		_, err = x.f.NewSheet(name)
	}
	if err != nil {
		return fmt.Errorf("export: sheet %q: %w", name, err)
	}
	x.sheets++
	s.sw, err = x.f.NewStreamWriter(name)
	return err
}

// begin sets the columns and panes, which excelize takes only before the
// first row, then writes the title and header rows.
func (s *Sheet) begin(title string) error {
	x := s.x
	var err error
	if s.quoted, err = x.quotedStyle(); err != nil {
		return err
	}
	s.styles = make([]int, len(s.cols))
	// Last column first: excelize puts each column it sets before those it
	// has, and Excel wants them in ascending order.
	for i := len(s.cols) - 1; i >= 0; i-- {
		c := s.cols[i]
		if s.styles[i], err = x.columnStyle(c); err != nil {
			return err
		}
		if err = s.sw.SetColStyle(i+1, i+1, s.styles[i]); err != nil {
			return err
		}
		if err = s.sw.SetColWidth(i+1, i+1, columnWidth(c)); err != nil {
			return err
		}
	}
	fixed := 1
	if title != "" {
		fixed = 2
	}
	top := "A" + strconv.Itoa(fixed+1)
	err = s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: fixed, TopLeftCell: top, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}}})
	if err != nil {
		return err
	}
	if title != "" {
		if err = s.titleRow(title); err != nil {
			return err
		}
	}
	return s.headerRow()
}

func (s *Sheet) titleRow(title string) error {
	style, err := s.x.style("title", &excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	if err != nil {
		return err
	}
	s.row = 1
	cell := excelize.Cell{StyleID: style, Value: capCell(clean(title))}
	if err = s.sw.SetRow("A1", []any{cell}, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	if len(s.cols) == 1 {
		return nil
	}
	last, err := excelize.CoordinatesToCellName(len(s.cols), 1)
	if err != nil {
		return err
	}
	return s.sw.MergeCell("A1", last)
}

func (s *Sheet) headerRow() error {
	style, err := s.x.style("header", &excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	vals := make([]any, len(s.cols))
	for i, c := range s.cols {
		vals[i] = excelize.Cell{StyleID: style, Value: capCell(clean(c.Header))}
	}
	s.row++
	return s.sw.SetRow("A"+strconv.Itoa(s.row), vals)
}

// Row writes one data row, values in column order (see Kind for the types
// each column takes).
func (s *Sheet) Row(vals ...any) error {
	x := s.x
	if x.err != nil {
		return x.err
	}
	if x.cur != s {
		return errFinished
	}
	if err := checkRow(s.cols, vals); err != nil {
		return x.fail(err)
	}
	if s.row >= excelize.TotalRows {
		return x.fail(fmt.Errorf("export: sheet is full (Excel holds %d rows)", excelize.TotalRows))
	}
	if s.buf == nil {
		s.buf = make([]any, len(s.cols))
	}
	for i, v := range vals {
		cv, err := s.cell(i, v)
		if err != nil {
			return x.fail(err)
		}
		s.buf[i] = cv
	}
	s.row++
	return x.fail(s.sw.SetRow("A"+strconv.Itoa(s.row), s.buf))
}

// maxExactFen bounds money written as a binary float: below 10^15 fen (15
// significant digits, Excel's precision) fen/100 prints back exactly.
const maxExactFen = 1e15

// cell is the value excelize writes for column i: a string becomes an
// inline string (never a formula), numbers a number cell in the column's
// style.
func (s *Sheet) cell(i int, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	c := s.cols[i]
	switch c.Kind {
	case Text:
		t, ok := asText(v)
		if !ok {
			break
		}
		t = capCell(clean(t))
		if formulaLike(t) {
			return excelize.Cell{StyleID: s.quoted, Value: t}, nil
		}
		return t, nil
	case Integer:
		if n, ok := asInt(v); ok {
			return n, nil
		}
	case Money:
		if fen, ok := asInt(v); ok {
			if fen >= maxExactFen || fen <= -maxExactFen {
				return nil, fmt.Errorf("export: column %q: %d fen is beyond what a spreadsheet shows exactly", c.Header, fen)
			}
			// Division is correctly rounded: the result is the double
			// nearest to fen/100, which prints back as the exact decimal.
			return float64(fen) / 100, nil
		}
	case Percent:
		if f, empty, ok := asRatio(v); ok {
			if empty {
				return nil, nil
			}
			return f, nil
		}
	case Date:
		if d, ok := v.(civil.Date); ok {
			return dateCell(d), nil
		}
	case Month:
		if m, ok := v.(civil.Month); ok {
			if m == 0 {
				return nil, nil
			}
			return m.String(), nil
		}
	}
	return nil, typeError(c, v)
}

// excelEpoch is day 0 of Excel's 1900 date system as it counts from March
// 1900 on (its phantom 29 February 1900 shifts everything before).
var excelEpoch = civil.FromYMD(1899, 12, 30).UTC().Unix() / 86400

// dateCell is d as an Excel date serial; a date before 1 March 1900, where
// Excel's serials are wrong, is written as text.
func dateCell(d civil.Date) any {
	if d == 0 {
		return nil
	}
	if d < 19000301 {
		return d.String()
	}
	return d.UTC().Unix()/86400 - excelEpoch
}

// finish flushes the current sheet's stream.
func (x *XLSX) finish() error {
	if x.cur == nil {
		return nil
	}
	s := x.cur
	x.cur = nil
	return s.sw.Flush()
}

// Close finishes the last sheet, writes the workbook to the writer (unless
// an error came first) and removes the temporary files. It is safe to call
// more than once, and after Abort.
func (x *XLSX) Close() (err error) {
	if x.done {
		return x.err
	}
	defer func() {
		x.cleanup()
		err = x.err
	}()
	if x.fail(x.finish()) != nil {
		return x.err
	}
	// excelize builds the ZIP in a bytes.Buffer; its ZipWriter hook lets the
	// archive go straight to the writer instead, so memory stays flat.
	x.f.ZipWriter = func(io.Writer) excelize.ZipWriter { return zip.NewWriter(x.w) }
	if err := x.f.Write(io.Discard); err != nil {
		return x.fail(fmt.Errorf("export: write workbook: %w", err))
	}
	return nil
}

// Abort discards the workbook: nothing (more) is written and the temporary
// files are removed. It is a no-op after Close, so `defer x.Abort()` covers
// every early return.
func (x *XLSX) Abort() {
	if !x.done {
		x.fail(errors.New("export: workbook aborted"))
		x.cleanup()
	}
}

func (x *XLSX) cleanup() {
	x.done = true
	if x.f != nil {
		x.fail(x.f.Close())
	}
	x.fail(os.RemoveAll(x.tmp))
}
