package export

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// style is a workbook style made once and reused by key.
func (x *XLSX) style(key string, st *excelize.Style) (int, error) {
	if id, ok := x.styles[key]; ok {
		return id, nil
	}
	id, err := x.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	x.styles[key] = id
	return id, nil
}

// Built-in number formats of Excel (ECMA-376 §18.8.30).
const (
	fmtInteger   = 1  // 0
	fmtThousands = 3  // #,##0
	fmtMoney     = 4  // #,##0.00
	fmtPercent0  = 9  // 0%
	fmtPercent2  = 10 // 0.00%
	fmtText      = 49 // @
)

// columnStyle is the style of c's data cells: its number format. Text and
// month columns are "@", so that even a value typed into them later stays
// text.
func (x *XLSX) columnStyle(c Column) (int, error) {
	format, err := c.format()
	if err != nil {
		return 0, err
	}
	st := &excelize.Style{}
	switch c.Kind {
	case Text, Month:
		st.NumFmt = fmtText
	case Integer:
		st.NumFmt = fmtInteger
		if format == "#,##0" {
			st.NumFmt = fmtThousands
		}
	case Money:
		st.NumFmt = fmtMoney
	case Percent:
		switch format {
		case "0%":
			st.NumFmt = fmtPercent0
		case "0.00%":
			st.NumFmt = fmtPercent2
		default:
			st.CustomNumFmt = &format
		}
	case Date:
		st.CustomNumFmt = &format
	}
	return x.style(c.Kind.String()+" "+format, st)
}

// quotedStyle is the text style with Excel's quotePrefix: the cell shows its
// text as typed and stays text when edited, the way a leading apostrophe
// does. excelize has no option for it, so the text style's record is copied
// once with the flag set; being later in the table, it is never what
// NewStyle finds for a plain text style.
func (x *XLSX) quotedStyle() (int, error) {
	if id, ok := x.styles["quoted"]; ok {
		return id, nil
	}
	text, err := x.columnStyle(Column{Kind: Text})
	if err != nil {
		return 0, err
	}
	xfs := x.f.Styles.CellXfs
	xf := xfs.Xf[text]
	yes := true
	xf.QuotePrefix = &yes
	xfs.Xf = append(xfs.Xf, xf)
	xfs.Count = len(xfs.Xf)
	id := len(xfs.Xf) - 1
	x.styles["quoted"] = id
	return id, nil
}

// Minimum widths per kind, in character cells, before padding.
var kindWidth = map[Kind]int{Text: 8, Integer: 6, Money: 12, Percent: 8, Date: 10, Month: 7}

// columnWidth is c.Width, or the header's width (CJK counting two) or the
// kind's minimum, whichever is wider, plus padding; at most 80.
func columnWidth(c Column) float64 {
	if c.Width > 0 {
		return min(c.Width, excelize.MaxColumnWidth)
	}
	w := max(displayWidth(c.Header), kindWidth[c.Kind]) + 2
	return float64(min(w, 80))
}

// maxSheetName is Excel's limit on a sheet name, in UTF-16 units.
const maxSheetName = 31

// sheetChars maps the characters Excel forbids in sheet names to their
// full-width forms, which read the same to a Chinese user.
var sheetChars = strings.NewReplacer(":", "：", `\`, "＼", "/", "／", "?", "？", "*", "＊", "[", "［", "]", "］")

// sheetName makes name acceptable to Excel: no control characters, none of
// : \ / ? * [ ], no apostrophe at either end, not blank nor the reserved
// "History", and at most 31 characters.
func sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return -1
		}
		return r
	}, clean(name))
	name = strings.Trim(sheetChars.Replace(name), " '")
	if strings.EqualFold(name, "History") {
		name += "_"
	}
	if name == "" {
		name = "Sheet"
	}
	return strings.TrimRight(cutUTF16(name, maxSheetName), " '")
}

// uniqueName is name, or name with " (2)", " (3)"… when a sheet already has
// it; Excel compares sheet names without regard to case.
func (x *XLSX) uniqueName(name string) string {
	try := name
	for n := 2; x.names[strings.ToLower(try)]; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		try = strings.TrimRight(cutUTF16(name, maxSheetName-len(suffix)), " '") + suffix
	}
	x.names[strings.ToLower(try)] = true
	return try
}
