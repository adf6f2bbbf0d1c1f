package feed

import (
	"errors"
	"strings"
	"time"
)

// Problems with a date cell.
var (
	errDateFormat = errors.New("日期格式不正确（应为 YYYY-MM-DD）")
	errDateValue  = errors.New("日期不存在")
	errDateEarly  = errors.New("日期早于1900年")
	errDateFuture = errors.New("日期晚于今天")
)

// parseDate reads a date as YYYYMMDD. Accepted: YYYY-MM-DD and the same with
// '/' or '.' and one-digit months and days (2024/3/5, as Excel on Chinese
// Windows shows dates); YYYY年M月D日; YYYYMMDD; a trailing time of day
// ("2024-03-05 08:30:00", as databases export); and what the XLSX reader
// gives for date cells: MM-DD-YY for Excel's built-in date format 14, or
// the serial day number for a format it does not render.
func parseDate(s string) (int32, error) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' { // the common case, fast
		if y, ok := digits(s[:4]); ok {
			if m, ok := digits(s[5:7]); ok {
				if d, ok := digits(s[8:]); ok {
					return ymd(y, m, d)
				}
			}
		}
	}
	if i := strings.IndexAny(s, " T"); i > 0 && strings.Contains(s[i:], ":") {
		s = s[:i] // drop the time of day
	}
	switch {
	case strings.HasSuffix(s, "日"):
		return separated(strings.NewReplacer("年", "-", "月", "-", "日", "").Replace(s))
	case len(s) == 8 && s[2] == '-' && s[5] == '-':
		return excelShort(s)
	case len(s) == 8 && s[4] >= '0' && s[4] <= '9':
		return compact(s)
	case len(s) == 5:
		return serial(s)
	}
	return separated(s)
}

// separated reads Y{4} sep M{1,2} sep D{1,2} with one separator, - / or '.'.
func separated(s string) (int32, error) {
	if len(s) < 8 || len(s) > 10 {
		return 0, errDateFormat
	}
	sep := s[4]
	if sep != '-' && sep != '/' && sep != '.' {
		return 0, errDateFormat
	}
	parts := strings.Split(s, string(sep))
	if len(parts) != 3 || len(parts[1]) > 2 || len(parts[2]) > 2 {
		return 0, errDateFormat
	}
	y, ok1 := digits(parts[0])
	m, ok2 := digits(parts[1])
	d, ok3 := digits(parts[2])
	if !ok1 || !ok2 || !ok3 {
		return 0, errDateFormat
	}
	return ymd(y, m, d)
}

// excelShort reads MM-DD-YY, Excel's format 14 as the XLSX reader renders
// it; two-digit years 00–29 are 20xx and 30–99 19xx, as Excel reads them.
func excelShort(s string) (int32, error) {
	m, ok1 := digits(s[:2])
	d, ok2 := digits(s[3:5])
	y, ok3 := digits(s[6:])
	if !ok1 || !ok2 || !ok3 {
		return 0, errDateFormat
	}
	if y < 30 {
		y += 2000
	} else {
		y += 1900
	}
	return ymd(y, m, d)
}

// compact reads YYYYMMDD.
func compact(s string) (int32, error) {
	v, ok := digits(s)
	if !ok {
		return 0, errDateFormat
	}
	return ymd(v/10000, v/100%100, v%100)
}

// serial reads an Excel serial day number (days since 1899-12-30 for every
// date after February 1900); only five-digit serials (1927–2173) are taken
// for dates, so that no other number passes as one.
func serial(s string) (int32, error) {
	n, ok := digits(s)
	if !ok || n < 10000 {
		return 0, errDateFormat
	}
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	return ymd(t.Year(), int(t.Month()), t.Day())
}

// digits reads a non-empty run of ASCII digits.
func digits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// ymd checks a calendar date and packs it as YYYYMMDD.
func ymd(y, m, d int) (int32, error) {
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, errDateValue
	}
	if y < 1900 {
		return 0, errDateEarly
	}
	if y > 9999 {
		return 0, errDateValue
	}
	return int32(y*10000 + m*100 + d), nil
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dateOf packs a time's calendar date as YYYYMMDD.
func dateOf(t time.Time) int32 {
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
}

// FormatDay shows a stored YYYYMMDD date as YYYY-MM-DD.
func FormatDay(d int64) string {
	b := []byte("0000-00-00")
	y, m, dd := d/10000, d/100%100, d%100
	for i, v := range []int64{y / 1000, y / 100 % 10, y / 10 % 10, y % 10} {
		b[i] = byte('0' + v)
	}
	b[5], b[6], b[8], b[9] = byte('0'+m/10), byte('0'+m%10), byte('0'+dd/10), byte('0'+dd%10)
	return string(b)
}
