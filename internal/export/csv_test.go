package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"fangpin/internal/tabular"
)

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	c := NewCSV(&buf, householdCols)
	for _, r := range householdRows {
		if err := c.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.String()
	if !strings.HasPrefix(data, "\uFEFF户编号,") {
		t.Fatalf("no BOM or header: %q", data[:20])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"户编号", "户主姓名", "证件号码", "联系电话", "家庭人口", "人均纯收入（元）", "收入增幅", "识别日期", "识别监测时间", "帮扶资金"},
		{"620302101001000001", "张三", "620302199001011234", "13912345678", "4", "12345.56", "12.5%", "2026-11-28", "202611", "1234567"},
		{"620302101001000002", "'" + hyperlink, "62030219900101123X", "0935-1234567", "1", "0.01", "-5.0%", "2025-01-01", "202501", "0"},
		{"620302101001000003", "'+SUM(1,2)", "", "'-1", "", "-0.05", "", "", "", ""},
		{"620302101001000004", "'@cmd", "", "'\tTAB", "2", "0.10", "100.0%", "1899-12-31", "202412", "-3"},
		{"620302101001000005", "李四", "'\r=1+1", "０９３５", "3", "999999999999.99", "0.0%", "1900-03-01", "202601", "12"},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d\n got %q\nwant %q", i, recs[i], want[i])
		}
	}
	// fangpin's own reader takes the file back (BOM and all).
	r, err := tabular.NewCSV(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if r.Encoding != "UTF-8 BOM" || r.Header[0] != "户编号" {
		t.Errorf("read back as %s with header %q", r.Encoding, r.Header)
	}
}

func TestCSVErrorsSticky(t *testing.T) {
	var buf bytes.Buffer
	c := NewCSV(&buf, []Column{{Header: "人数", Kind: Integer}})
	if err := c.Row("三"); err == nil {
		t.Fatal("a string in an integer column was accepted")
	}
	if err := c.Row(3); err == nil {
		t.Error("error not sticky")
	}
	if err := c.Close(); err == nil {
		t.Error("Close forgot the error")
	}
	if err := NewCSV(&buf, nil).Close(); err == nil {
		t.Error("a table without columns was accepted")
	}
}
