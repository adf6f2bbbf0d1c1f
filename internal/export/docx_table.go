package export

import (
	"strconv"
)

// DocTable is a table of a DOCX report. It takes rows until the next
// heading, paragraph, image or table, or Close.
type DocTable struct {
	d       *DOCX
	cols    []Column
	formats []string
}

// Table starts a table: full text width, thin borders, a shaded bold
// header row repeated on every page. Values are shown as the columns'
// formats show them in a spreadsheet (1,234.50, 12.50%, 2026-11-28).
func (d *DOCX) Table(cols []Column) *DocTable {
	t := &DocTable{d: d, cols: cols}
	if d.block() != nil || d.fail(checkColumns(cols)) != nil {
		return t
	}
	t.formats = make([]string, len(cols))
	for i, c := range cols {
		t.formats[i], _ = c.format()
	}
	d.table = t
	border := ` w:val="single" w:sz="4" w:space="0" w:color="808080"/>`
	d.raw(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		d.raw(`<w:` + side + border)
	}
	d.raw(`</w:tblBorders><w:tblLayout w:type="autofit"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range gridWidths(cols) {
		d.raw(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	d.raw(`</w:tblGrid><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
	for _, c := range cols {
		d.raw(`<w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E1F2"/><w:vAlign w:val="center"/></w:tcPr>`)
		d.paragraph("TableText", "center", []Run{Bold(c.Header)})
		d.raw(`</w:tc>`)
	}
	d.raw(`</w:tr>`)
	return t
}

// gridWidths shares the text width among the columns in proportion to
// their spreadsheet widths.
func gridWidths(cols []Column) []int {
	total := 0.0
	for _, c := range cols {
		total += columnWidth(c)
	}
	out := make([]int, len(cols))
	for i, c := range cols {
		out[i] = int(float64(textWidthTw) * columnWidth(c) / total)
	}
	return out
}

// Row writes one row, values in column order (see Kind); numbers are
// aligned right.
func (t *DocTable) Row(vals ...any) error {
	d := t.d
	if d.err != nil {
		return d.err
	}
	if d.table != t {
		return errFinished
	}
	if d.fail(checkRow(t.cols, vals)) != nil {
		return d.err
	}
	texts := make([]string, len(vals))
	for i, v := range vals {
		s, err := display(t.cols[i], t.formats[i], v, true)
		if err != nil {
			return d.fail(err)
		}
		texts[i] = s
	}
	d.raw(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	for i, s := range texts {
		align := ""
		switch t.cols[i].Kind {
		case Integer, Money, Percent:
			align = "right"
		}
		d.raw(`<w:tc>`)
		d.paragraph("TableText", align, []Run{Plain(s)})
		d.raw(`</w:tc>`)
	}
	d.raw(`</w:tr>`)
	return d.err
}
