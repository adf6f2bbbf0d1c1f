// Package export writes tables and reports for people to download: streaming
// XLSX workbooks, CSV files and DOCX reports. It knows no domain: callers
// pass columns and values that are already decided, masked and audited; the
// writers only guarantee a well-formed, formula-safe file in the formats
// below. See docs/export.md.
package export

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/width"

	"fangpin/internal/civil"
	"fangpin/internal/money"
)

// Kind is what a column holds, which decides the cell type and number
// format in every writer.
type Kind int

// The kinds of column and the Go values each takes (nil is an empty cell in
// every kind).
const (
	// Text takes a string, a fmt.Stringer or an integer, always written as
	// text: ID numbers, 户编号 and phone numbers never become numbers.
	Text Kind = iota
	// Integer takes any Go integer; Format "0" (default) or "#,##0".
	Integer
	// Money takes integer fen (any Go integer) and shows 元 with two
	// decimals, "#,##0.00".
	Money
	// Percent takes a float64 fraction (0.125 is 12.5%); NaN and ±Inf, a
	// rate with no denominator, are written empty. Format "0%", "0.0%" or
	// "0.00%" (default).
	Percent
	// Date takes a civil.Date (0 is empty), shown as yyyy-mm-dd.
	Date
	// Month takes a civil.Month (0 is empty), written as the text YYYYMM as
	// the national template writes it.
	Month
)

var kindNames = [...]string{"text", "integer", "money", "percent", "date", "month"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindNames[k]
}

// Column describes one column of a table.
type Column struct {
	Header string
	Kind   Kind
	// Format chooses among the number formats a kind allows (see Kind);
	// "" is the kind's default.
	Format string
	// Width is the column width in Excel character cells; 0 derives it
	// from the header and the kind (a CJK character counts two cells).
	Width float64
}

// Rows is what every table writer takes: one call per row, values in column
// order. A list can be written by one function to an XLSX sheet, a CSV file
// or a DOCX table alike.
type Rows interface {
	Row(vals ...any) error
}

var _ = []Rows{(*Sheet)(nil), (*CSV)(nil), (*DocTable)(nil)}

// The formats each kind allows; the first is the default.
var formats = map[Kind][]string{
	Text:    {""},
	Integer: {"0", "#,##0"},
	Money:   {"#,##0.00"},
	Percent: {"0.00%", "0.0%", "0%"},
	Date:    {"yyyy-mm-dd"},
	Month:   {""},
}

// format is c's number format, checked against its kind.
func (c Column) format() (string, error) {
	allowed, ok := formats[c.Kind]
	if !ok {
		return "", fmt.Errorf("export: column %q has unknown kind %d", c.Header, int(c.Kind))
	}
	if c.Format == "" {
		return allowed[0], nil
	}
	for _, f := range allowed {
		if c.Format == f {
			return f, nil
		}
	}
	return "", fmt.Errorf("export: column %q (%s) cannot take format %q", c.Header, c.Kind, c.Format)
}

// checkColumns validates a table's columns once, before any row.
func checkColumns(cols []Column) error {
	if len(cols) == 0 {
		return fmt.Errorf("export: a table needs at least one column")
	}
	for _, c := range cols {
		if _, err := c.format(); err != nil {
			return err
		}
	}
	return nil
}

// checkRow refuses a row whose length is not the table's: a missing or
// extra value is a bug in the caller that would shift every later column.
func checkRow(cols []Column, vals []any) error {
	if len(vals) != len(cols) {
		return fmt.Errorf("export: row has %d values for %d columns", len(vals), len(cols))
	}
	return nil
}

func typeError(c Column, v any) error {
	return fmt.Errorf("export: column %q (%s) cannot take a %T", c.Header, c.Kind, v)
}

// asText is the text of a Text cell (ok false for a value of another type).
func asText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case fmt.Stringer:
		return v.String(), true
	}
	if n, ok := asInt(v); ok {
		return strconv.FormatInt(n, 10), true
	}
	return "", false
}

// asInt is the value of any Go integer; a uint64 beyond int64 is refused.
func asInt(v any) (int64, bool) {
	switch v := v.(type) {
	case int:
		return int64(v), true
	case int8:
		return int64(v), true
	case int16:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case uint:
		return int64(v), uint64(v) <= math.MaxInt64
	case uint8:
		return int64(v), true
	case uint16:
		return int64(v), true
	case uint32:
		return int64(v), true
	case uint64:
		return int64(v), v <= math.MaxInt64
	}
	return 0, false
}

// asRatio is a Percent cell's fraction; ok false for a value of another
// type, empty for NaN and ±Inf.
func asRatio(v any) (f float64, empty, ok bool) {
	switch v := v.(type) {
	case float64:
		f = v
	case float32:
		f = float64(v)
	default:
		return 0, false, false
	}
	return f, math.IsNaN(f) || math.IsInf(f, 0), true
}

// Text is v as a person reads it in this column, the way the DOCX tables
// show it (thousands separators where the format has them, 元 with two
// decimals, dates as YYYY-MM-DD): for pages that show a table's rows as
// HTML, such as a list's print view. nil is "".
func (c Column) Text(v any) (string, error) {
	format, err := c.format()
	if err != nil {
		return "", err
	}
	return display(c, format, v, true)
}

// display is v as text for the writers that have no cell types (CSV and
// DOCX tables). human adds the thousands separators the column's format
// asks for (DOCX); without it numbers stay machine-readable (CSV). The text
// of a Text cell is returned cleaned but otherwise as given.
func display(c Column, format string, v any, human bool) (string, error) {
	if v == nil {
		return "", nil
	}
	switch c.Kind {
	case Text:
		if s, ok := asText(v); ok {
			return clean(s), nil
		}
	case Integer:
		if n, ok := asInt(v); ok {
			if human && format == "#,##0" {
				return group(strconv.FormatInt(n, 10)), nil
			}
			return strconv.FormatInt(n, 10), nil
		}
	case Money:
		if fen, ok := asInt(v); ok {
			if human {
				return group(money.Format(fen)), nil
			}
			return money.Format(fen), nil
		}
	case Percent:
		if f, empty, ok := asRatio(v); ok {
			if empty {
				return "", nil
			}
			return percentText(f, strings.Count(format, "0")-1), nil
		}
	case Date:
		if d, ok := v.(civil.Date); ok {
			return d.String(), nil
		}
	case Month:
		if m, ok := v.(civil.Month); ok {
			return m.String(), nil
		}
	}
	return "", typeError(c, v)
}

// percentText shows a fraction as a percentage with the given decimals the
// way a spreadsheet does: from its 15 significant digits, halves rounded away
// from zero (0.8125 → "81.3%", where binary rounding would give 81.2).
func percentText(f float64, decimals int) string {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'e', 14, 64))
	s := r.Mul(r, big.NewRat(100, 1)).FloatString(decimals)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0.0%"
	}
	return s + "%"
}

// group puts thousands separators into a decimal number: "-1234567.50" →
// "-1,234,567.50".
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	b.WriteString(frac)
	return b.String()
}

// formulaLike reports whether a spreadsheet would read text as a formula (or
// a command, for tab and carriage return) if it were typed or read from CSV.
func formulaLike(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// clean removes what XML 1.0 cannot hold (control characters other than
// tab, line feed and carriage return; U+FFFE, U+FFFF; invalid UTF-8), so
// that a hostile value cannot produce a corrupt file. Text with none of it
// is returned without copying.
func clean(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x80 {
			return cleanFrom(s, i)
		}
	}
	return s
}

// cleanFrom is clean's slow path from the first byte that needs a look.
func cleanFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if xmlChar(r) && !(r == utf8.RuneError && n == 1) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// xmlChar is XML 1.0's Char production.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// maxCellChars is Excel's limit on a cell's text, in UTF-16 code units.
const maxCellChars = 32767

// capCell cuts s to Excel's 32,767 characters (counted as Excel counts them,
// in UTF-16 units), never inside a character.
func capCell(s string) string {
	if len(s) <= maxCellChars {
		return s // at most one UTF-16 unit per byte
	}
	return cutUTF16(s, maxCellChars)
}

// cutUTF16 cuts s to at most n UTF-16 units, never inside a character.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}

// displayWidth is the width of s in character cells: East Asian wide and
// full-width characters count two.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			w += 2
		default:
			w++
		}
	}
	return w
}
