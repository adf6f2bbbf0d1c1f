package feed

import "testing"

// TestMoneyCell: a money cell is read by money.ParseYuan, and its row
// errors keep the feed's words.
func TestMoneyCell(t *testing.T) {
	const (
		format   = "金额格式不正确（应为以元为单位的数字，如 1234.50）"
		negative = "金额不能为负数"
		decimals = "金额最多两位小数"
		large    = "金额过大"
		empty    = "不能为空"
	)
	cases := []struct {
		in   string
		fen  int64
		fail string
	}{
		{"0", 0, ""},
		{"1234.5", 123450, ""},
		{"1234.50", 123450, ""},
		{"1234.05", 123405, ""},
		{"0.01", 1, ""},
		{".5", 50, ""},
		{"+12", 1200, ""},
		{"1,234.50", 123450, ""},
		{"12,345,678.91", 1234567891, ""},
		{"100000000000", 10000000000000, ""},
		{"12.500", 1250, ""}, // zeros beyond the second decimal change nothing
		{"19.99", 1999, ""},  // 19.99 is not exact in binary floating point
		{"0.29", 29, ""},
		{"9999999999999.99", 999999999999999, ""},
		{"12元", 1200, ""},      // a trailing 元, as forms and imports accept it
		{"１２３４．５", 123450, ""}, // full-width digits
		{"", 0, empty},
		{"-5", 0, negative},
		{"-0.01", 0, negative},
		{"1.234", 0, decimals},
		{"1.001", 0, decimals},
		{"1,23", 0, format},
		{"1234,567", 0, format},
		{"12,34,567", 0, format},
		{",123", 0, format},
		{"1,234,", 0, format},
		{"12.", 0, format},
		{".", 0, format},
		{"+", 0, format},
		{"1e5", 0, format},
		{"1 234", 0, format},
		{"1.2.3", 0, format},
		{"abc", 0, format},
		{"10000000000000", 0, large},
	}
	col := &column{name: "金额", typ: tMoney}
	for _, c := range cases {
		v, err := cellValue(col, c.in, 20991231)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if msg != c.fail || (err == nil && v != c.fen) {
			t.Errorf("cellValue(%q) = %v, %q; want %d, %q", c.in, v, msg, c.fen, c.fail)
		}
	}
}

// TestDateCell: a date cell is read by civil.Parse, with the feed's row
// messages, and cannot lie after today.
func TestDateCell(t *testing.T) {
	const (
		errDateFormat = "日期格式不正确（应为 YYYY-MM-DD）"
		errDateValue  = "日期不存在"
		errDateEarly  = "日期早于1900年"
	)
	cases := []struct {
		in   string
		day  int32
		fail string
	}{
		{"2024-03-05", 20240305, ""},
		{"2024/03/05", 20240305, ""},
		{"2024/3/5", 20240305, ""},
		{"2024-3-5", 20240305, ""},
		{"2024.3.15", 20240315, ""},
		{"2024年3月5日", 20240305, ""},
		{"20240305", 20240305, ""},
		{"2024-03-05 08:30:00", 20240305, ""},
		{"2024-03-05T08:30:00", 20240305, ""},
		{"03-05-24", 20240305, ""}, // Excel's format 14 as the XLSX reader renders it
		{"12-31-99", 19991231, ""},
		{"45356", 20240305, ""}, // Excel serial day
		{"2024-02-29", 20240229, ""},
		{"2000-02-29", 20000229, ""},
		{"2023-02-29", 0, errDateValue},
		{"1900-02-29", 0, errDateValue},
		{"2024-13-01", 0, errDateValue},
		{"2024-04-31", 0, errDateValue},
		{"2024-00-10", 0, errDateValue},
		{"1899-12-31", 0, errDateEarly},
		{"2024-03", 0, errDateFormat},
		{"2024/03-05", 0, errDateFormat},
		{"24-3-5", 0, errDateFormat},
		{"2024-003-05", 0, errDateFormat},
		{"5 March 2024", 0, errDateFormat},
		{"1234", 0, errDateFormat},
		{"09999", 0, errDateFormat},
		{"2024年3月", 0, errDateFormat},
		{"abcd-ef-gh", 0, errDateFormat},
		{"2026-11-29", 0, "日期晚于今天"},
		{"", 0, "不能为空"},
	}
	col := &column{name: "日期", typ: tDate}
	for _, c := range cases {
		v, err := cellValue(col, c.in, 20261128)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if msg != c.fail || (err == nil && v != int64(c.day)) {
			t.Errorf("cellValue(%q) = %v, %q; want %d, %q", c.in, v, msg, c.day, c.fail)
		}
	}
	if v, err := cellValue(&column{name: "结束日期", typ: tDateOpt}, "", 20261128); v != nil || err != nil {
		t.Errorf("an empty optional date: %v, %v", v, err)
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range Kinds {
		for _, s := range []string{string(k), k.Label()} {
			if got, err := ParseKind(s); err != nil || got != k {
				t.Errorf("ParseKind(%q) = %q, %v", s, got, err)
			}
		}
		if k.Table() != "feed_"+string(k) || k.Label() == "" {
			t.Errorf("%s: table %s label %s", k, k.Table(), k.Label())
		}
	}
	if _, err := ParseKind("water"); err == nil {
		t.Error("ParseKind(water) accepted")
	}
}
