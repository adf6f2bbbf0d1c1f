package export

import (
	"encoding/csv"
	"io"
)

// CSV writes one table as CSV for the command line and for re-import:
// UTF-8 with a byte-order mark (so that Excel reads it as UTF-8), a header
// row, then one record per Row. Numbers stay machine-readable (money
// "1234.50", no thousands separators, percent "12.50%", dates
// "2026-11-28", months "202611"). Text that a spreadsheet would take for a
// formula gets a leading apostrophe.
//
// Errors are sticky: after the first, Row and Close return it.
type CSV struct {
	w       *csv.Writer
	cols    []Column
	formats []string
	rec     []string
	err     error
}

// NewCSV starts a CSV table with cols on w; Close flushes it.
func NewCSV(w io.Writer, cols []Column) *CSV {
	c := &CSV{w: csv.NewWriter(w), cols: cols, rec: make([]string, len(cols))}
	if c.err = checkColumns(cols); c.err != nil {
		return c
	}
	c.formats = make([]string, len(cols))
	for i, col := range cols {
		c.formats[i], _ = col.format()
		c.rec[i] = csvText(clean(col.Header))
	}
	if _, c.err = io.WriteString(w, "\uFEFF"); c.err == nil {
		c.err = c.w.Write(c.rec)
	}
	return c
}

// Row writes one record, values in column order (see Kind).
func (c *CSV) Row(vals ...any) error {
	if c.err != nil {
		return c.err
	}
	if c.err = checkRow(c.cols, vals); c.err != nil {
		return c.err
	}
	for i, v := range vals {
		s, err := display(c.cols[i], c.formats[i], v, false)
		if err != nil {
			c.err = err
			return err
		}
		if c.cols[i].Kind == Text {
			s = csvText(s)
		}
		c.rec[i] = s
	}
	c.err = c.w.Write(c.rec)
	return c.err
}

// Close flushes the table and returns the first error.
func (c *CSV) Close() error {
	c.w.Flush()
	if c.err == nil {
		c.err = c.w.Error()
	}
	return c.err
}

// csvText defends text against formula injection: a spreadsheet shows
// "'=1+1" as the text =1+1 instead of computing it.
func csvText(s string) string {
	if formulaLike(s) {
		return "'" + s
	}
	return s
}
