package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// xlsxWith returns a workbook whose first sheet's XML is rewritten by edit.
func xlsxWith(t testing.TB, edit func(sheet []byte) []byte) []byte {
	t.Helper()
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "证件号码"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"张三", "x"})
	var src bytes.Buffer
	if err := f.Write(&src); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(src.Bytes()), int64(src.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		rc, _ := e.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if e.Name == "xl/worksheets/sheet1.xml" {
			b = edit(b)
		}
		w, _ := zw.Create(e.Name)
		w.Write(b)
	}
	zw.Close()
	return out.Bytes()
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// readAll opens path and reads every row; it returns the first error.
func readAll(path string) (int, error) {
	r, err := Open(path)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	for {
		_, _, err := r.Next()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// TestFileBounds: files that would take the process's memory or cannot be
// read are refused with ErrFile (issue 15, items 2, 6 and 9).
func TestFileBounds(t *testing.T) {
	t.Parallel()
	bomb := xlsxWith(t, func(b []byte) []byte { // one inline string cell of 8 MB, 8 KB compressed
		cell := `<c r="B2" t="inlineStr"><is><t>` + strings.Repeat("A", 8<<20) + `</t></is></c>`
		return bytes.Replace(b, []byte(`</row></sheetData>`), []byte(cell+`</row></sheetData>`), 1)
	})
	good := xlsxWith(t, func(b []byte) []byte { return b })
	utf16le := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune("姓名,证件号码\n张三,1\n")) {
		utf16le = append(utf16le, byte(u), byte(u>>8))
	}
	cases := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"xlsx bomb", "bomb.xlsx", bomb, "超过32767个字符"},
		{"truncated xlsx", "cut.xlsx", good[:len(good)/2], "无法读取Excel文件"},
		{"long csv line", "long.csv", []byte("a,b\n" + strings.Repeat("x", 2<<20) + "\n"), "超过1 MB"},
		{"long csv cell", "cell.csv", []byte("a,b\n" + strings.Repeat("字", 40000) + ",1\n"), "超过32767个字符"},
		{"empty csv", "empty.csv", nil, "文件是空的"},
		{"utf-16", "u16.csv", utf16le, "UTF-16"},
		{"duplicate header", "dup.csv", []byte("姓名,证件号码,姓名\n张三,1,李四\n"), "列名「姓名」重复"},
	}
	for _, c := range cases {
		n, err := readAll(writeTemp(t, c.file, c.data))
		if !errors.Is(err, ErrFile) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %d rows, err %v, want ErrFile with %q", c.name, n, err, c.want)
		}
	}
	if n, err := readAll(writeTemp(t, "good.xlsx", good)); err != nil || n != 1 {
		t.Errorf("good xlsx: %d rows, %v", n, err)
	}
}

// TestLineEnds: CR-only, CRLF and LF line ends give the same rows and the
// file's line numbers (issue 15, item 6).
func TestLineEnds(t *testing.T) {
	t.Parallel()
	for _, nl := range []string{"\r", "\r\n", "\n"} {
		text := strings.Join([]string{"姓名,证件号码", "张三,1", "", "李四,2", ""}, nl)
		r, err := NewCSV(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for {
			rec, row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%q: %v", nl, err)
			}
			got = append(got, Cell(rec, 0)+Cell(rec, 1)+"@"+string(rune('0'+row)))
		}
		if len(r.Header) != 2 || strings.Join(got, " ") != "张三1@2 李四2@4" {
			t.Errorf("line end %q: header %q rows %q", nl, r.Header, got)
		}
	}
}

// TestEchoAndUnknownColumns: file text shown on a terminal or kept in a job
// has no control characters and a bounded length (issue 15, item 9).
func TestEchoAndUnknownColumns(t *testing.T) {
	t.Parallel()
	if got := Echo("a\x1b[2J\u202eb\r\nc"); got != "a [2J b  c" {
		t.Errorf("Echo = %q", got)
	}
	if got := []rune(Echo(strings.Repeat("字", 5000))); len(got) != 300 || got[299] != '…' {
		t.Errorf("Echo kept %d characters", len(got))
	}
	names := make([]string, 500)
	for i := range names {
		names[i] = "\x1b]0;x\x07" + strings.Repeat("列", 100)
	}
	w := UnknownColumns(names)
	if len(w) != 21 || w[20] != "另有480个未知列被忽略" || strings.ContainsAny(strings.Join(w, ""), "\x1b\x07") {
		t.Errorf("%d warnings, last %q", len(w), w[len(w)-1])
	}
}
