package tabular

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func gb(s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func TestCSVEncodings(t *testing.T) {
	text := "姓名, 证件号码 ,健康状况\n张三,620102198001011234,长期慢性病、残疾\n\n李四,620102198001011235,\"健康\"\n"
	// make the sample longer than the detection window so a GB18030 file
	// whose first 64 KB happen to be ASCII-free is still recognised
	long := text + strings.Repeat("王五,620102198001011236,健康\n", 5000)
	cases := []struct {
		name, enc string
		data      []byte
	}{
		{"utf8", "UTF-8", []byte(text)},
		{"utf8 bom", "UTF-8 BOM", append([]byte("\xEF\xBB\xBF"), text...)},
		{"gb18030", "GB18030", gb(text)},
		{"gb18030 long", "GB18030", gb(long)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewCSV(bytes.NewReader(c.data))
			if err != nil {
				t.Fatal(err)
			}
			if r.Encoding != c.enc {
				t.Fatalf("encoding %s, want %s", r.Encoding, c.enc)
			}
			if strings.Join(r.Header, "|") != "姓名|证件号码|健康状况" || r.Column("证件号码") != 1 || r.Column("x", "健康状况") != 2 {
				t.Fatalf("header %q", r.Header)
			}
			rec, row, err := r.Next()
			if err != nil || row != 2 || Cell(rec, 2) != "长期慢性病、残疾" {
				t.Fatalf("row %d %q %v", row, rec, err)
			}
			rec, row, err = r.Next() // the blank line is skipped, the row number is the file's
			if err != nil || row != 4 || Cell(rec, 0) != "李四" || Cell(rec, 5) != "" {
				t.Fatalf("row %d %q %v", row, rec, err)
			}
		})
	}
}

func TestEmptyFile(t *testing.T) {
	if _, err := NewCSV(strings.NewReader("\n\n")); err == nil {
		t.Fatal("empty file accepted")
	}
}

func TestCell(t *testing.T) {
	for in, want := range map[string]string{"a": "a", " a ": "a", "\u3000张三\u3000": "张三", "": "", "\t1\n": "1",
		"张三": "张三", "\u00a0张三\u00a0": "张三", "张 三\u3000 ": "张 三", "\u3000 1": "1"} {
		if got := Cell([]string{in}, 0); got != want {
			t.Errorf("Cell(%q) = %q", in, got)
		}
	}
	if Cell(nil, 3) != "" || Cell([]string{"x"}, -1) != "" {
		t.Error("out of range")
	}
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	f.SetSheetRow(sheet, "A1", &[]any{"姓名", "证件号码"})
	f.SetSheetRow(sheet, "A2", &[]any{"张三", "620102198001011234"})
	f.SetSheetRow(sheet, "A4", &[]any{"李四", "620102198001011235"})
	p := filepath.Join(t.TempDir(), "x.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	r, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var rows []int
	for {
		rec, row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
		if Cell(rec, 1) == "" {
			t.Fatalf("row %d: %q", row, rec)
		}
	}
	if r.Encoding != "XLSX" || len(rows) != 2 || rows[0] != 2 || rows[1] != 4 {
		t.Fatalf("rows %v encoding %s", rows, r.Encoding)
	}
}

func TestOpenMissing(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "nope.csv")); !os.IsNotExist(err) {
		t.Fatalf("err = %v", err)
	}
}

func TestIsXLSX(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		content string
		want    bool
	}{
		{"PK\x03\x04\x14\x00", true},
		{"PK\x03\x04", true},
		{"PK\x03", false},
		{"", false},
		{"姓名,身份证号\n", false},
		{"PK\x05\x06", false}, // an empty ZIP archive holds no workbook
	}
	for _, s := range scenarios {
		r := strings.NewReader(s.content)
		got, err := IsXLSX(r)
		if err != nil || got != s.want {
			t.Errorf("IsXLSX(%q) = %v, %v; want %v", s.content, got, err, s.want)
		}
		if rest, _ := io.ReadAll(r); string(rest) != s.content {
			t.Errorf("IsXLSX(%q) left the reader at %q", s.content, rest)
		}
	}
}
