package export

import (
	"math"
	"strings"
	"testing"

	"fangpin/internal/civil"
)

func TestClean(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"张三", "张三"},
		{"plain ascii", "plain ascii"},
		{"a\x00b\x01c\x1fd\x7fe", "abcd\x7fe"}, // DEL is allowed in XML 1.0
		{"tab\tlf\ncr\r", "tab\tlf\ncr\r"},
		{"李\uFFFE四\uFFFF", "李四"},
		{"bad\xff\xfeutf8", "badutf8"},
		{"😀\U0010FFFF", "😀\U0010FFFF"},
		{"\uFFFD", "\uFFFD"}, // a real replacement character stays
	} {
		if got := clean(c.in); got != c.want {
			t.Errorf("clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFormulaLike(t *testing.T) {
	for s, want := range map[string]bool{
		"=1+1": true, "+1": true, "-1": true, "@SUM(A1)": true, "\tx": true, "\rx": true,
		"": false, "张三": false, " =1": false, "1=1": false, "＝1": false, "'=1": false,
	} {
		if got := formulaLike(s); got != want {
			t.Errorf("formulaLike(%q) = %v", s, got)
		}
	}
}

func TestPercentText(t *testing.T) {
	for _, c := range []struct {
		f        float64
		decimals int
		want     string
	}{
		{0.8125, 1, "81.3%"},
		{0.0105, 1, "1.1%"},
		{0.125, 0, "13%"},
		{0.125, 2, "12.50%"},
		{1.0 / 3, 2, "33.33%"},
		{-0.05, 1, "-5.0%"},
		{-0.00004, 2, "0.00%"},
		{0, 0, "0%"},
	} {
		if got := percentText(c.f, c.decimals); got != c.want {
			t.Errorf("percentText(%v, %d) = %q, want %q", c.f, c.decimals, got, c.want)
		}
	}
	if s, err := display(Column{Kind: Percent}, "0.00%", math.NaN(), true); s != "" || err != nil {
		t.Errorf("NaN shown as %q %v", s, err)
	}
}

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "999": "999", "1000": "1,000", "-1234567.50": "-1,234,567.50", "123456.78": "123,456.78", "-5": "-5",
	} {
		if got := group(in); got != want {
			t.Errorf("group(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestColumnWidth(t *testing.T) {
	for _, c := range []struct {
		col  Column
		want float64
	}{
		{Column{Header: "姓名"}, 10},                            // minimum 8 + 2
		{Column{Header: "人均纯收入（元）", Kind: Money}, 18},         // 8 wide characters
		{Column{Header: "ID", Kind: Integer}, 8},              // minimum 6 + 2
		{Column{Header: "x", Width: 22}, 22},                  // as given
		{Column{Header: strings.Repeat("长", 60)}, 80},         // capped
		{Column{Header: "ＡＢ", Kind: Percent}, 10},             // full-width: two cells each
		{Column{Header: "识别日期", Kind: Date}, 12},              // minimum 10 + 2
		{Column{Header: "x", Width: 1000}, 255},               // Excel's limit
		{Column{Header: "识别监测时间", Kind: Month, Width: 0}, 14}, // 12 + 2
	} {
		if got := columnWidth(c.col); got != c.want {
			t.Errorf("columnWidth(%q) = %v, want %v", c.col.Header, got, c.want)
		}
	}
}

func TestColumnText(t *testing.T) {
	cases := []struct {
		c    Column
		v    any
		want string
	}{
		{Column{Kind: Text}, "=1+1", "=1+1"},
		{Column{Kind: Integer, Format: "#,##0"}, 1234567, "1,234,567"},
		{Column{Kind: Money}, int64(123450), "1,234.50"},
		{Column{Kind: Percent, Format: "0.0%"}, 0.8125, "81.3%"},
		{Column{Kind: Date}, civil.Date(20261128), "2026-11-28"},
		{Column{Kind: Month}, civil.Month(202611), "202611"},
		{Column{Kind: Text}, nil, ""},
	}
	for _, c := range cases {
		if got, err := c.c.Text(c.v); err != nil || got != c.want {
			t.Errorf("%s %v: %q, %v; want %q", c.c.Kind, c.v, got, err, c.want)
		}
	}
	if _, err := (Column{Kind: Integer}).Text("x"); err == nil {
		t.Error("a string in an integer column")
	}
	if _, err := (Column{Kind: Money, Format: "0"}).Text(1); err == nil {
		t.Error("a format the kind does not allow")
	}
}
