// Package civil holds fangpin's calendar: the users' time zone, civil dates
// and months as integers (YYYYMMDD, YYYYMM, the form the tables store), and
// the one date parser used by imports, feeds, forms and the command line.
// See docs/formats.md for the accepted forms.
package civil

import (
	"strings"
	"time"

	"golang.org/x/text/width"

	"fangpin/internal/fault"
)

// Zone is Beijing time, the calendar of every user: UTC+8, no daylight
// saving.
var Zone = time.FixedZone("CST", 8*3600)

// Date is a calendar date as the integer YYYYMMDD; 0 is no date.
type Date int32

// Month is a calendar month as the integer YYYYMM; 0 is no month.
type Month int32

// DateOf is t's date in China.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Zone).Date()
	return Date(y*10000 + int(m)*100 + d)
}

// Today is today's date in China.
func Today() Date { return DateOf(time.Now()) }

// FromYMD builds a date from its parts; it does not check them.
func FromYMD(y int, m time.Month, d int) Date { return Date(y*10000 + int(m)*100 + d) }

// DateOfUTC is the date of a time already at midnight UTC (or whose UTC
// calendar day is meant), as parsers of YYYY-MM-DD produce.
func DateOfUTC(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return FromYMD(y, m, d)
}

// Year, MonthNum and Day are the parts of d.
func (d Date) Year() int     { return int(d) / 10000 }
func (d Date) MonthNum() int { return int(d) / 100 % 100 }
func (d Date) Day() int      { return int(d) % 100 }

// Month is the month d lies in.
func (d Date) Month() Month { return Month(int(d) / 100) }

// UTC is d at midnight UTC: the form date arithmetic in fangpin uses.
func (d Date) UTC() time.Time {
	return time.Date(d.Year(), time.Month(d.MonthNum()), d.Day(), 0, 0, 0, 0, time.UTC)
}

// Time is d at midnight in China.
func (d Date) Time() time.Time {
	return time.Date(d.Year(), time.Month(d.MonthNum()), d.Day(), 0, 0, 0, 0, Zone)
}

// AddDays is d moved by n days.
func (d Date) AddDays(n int) Date { return DateOfUTC(d.UTC().AddDate(0, 0, n)) }

// String is YYYY-MM-DD ("" for the zero date).
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	b := []byte("0000-00-00")
	y, m, dd := d.Year(), d.MonthNum(), d.Day()
	b[0], b[1], b[2], b[3] = byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[5], b[6], b[8], b[9] = byte('0'+m/10), byte('0'+m%10), byte('0'+dd/10), byte('0'+dd%10)
	return string(b)
}

// Chinese is the date as users read it: 2026年11月28日.
func (d Date) Chinese() string {
	if d == 0 {
		return ""
	}
	return itoa(d.Year()) + "年" + itoa(d.MonthNum()) + "月" + itoa(d.Day()) + "日"
}

// Year and Num are the parts of m.
func (m Month) Year() int { return int(m) / 100 }
func (m Month) Num() int  { return int(m) % 100 }

// First is the first day of m.
func (m Month) First() Date { return Date(int(m)*100 + 1) }

// Last is the last day of m.
func (m Month) Last() Date { return Date(int(m)*100 + DaysIn(m.Year(), m.Num())) }

// Add is m moved by n months.
func (m Month) Add(n int) Month {
	k := m.Year()*12 + m.Num() - 1 + n
	return Month(k/12*100 + k%12 + 1)
}

// String is YYYYMM, the form of the national template.
func (m Month) String() string {
	if m == 0 {
		return ""
	}
	return itoa(int(m))
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [12]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// Problems with a date or month; the messages are shown to users.
var (
	errDateFormat  = fault.Invalidt("日期格式不正确（应为 YYYY-MM-DD）", "date must be YYYY-MM-DD")
	errDateValue   = fault.Invalidt("日期不存在", "no such date")
	errDateEarly   = fault.Invalidt("日期早于1900年", "date before 1900")
	errMonthFormat = fault.Invalidt("年月格式不正确（应为 YYYYMM）", "month must be YYYYMM")
	errMonthValue  = fault.Invalidt("年月不存在", "no such month")
)

// ErrEmpty is a date or month that was left empty.
var ErrEmpty = fault.Invalidt("不能为空", "must not be empty")

// Parse reads a date. Accepted: YYYY-MM-DD and the same with '/' or '.' and
// one-digit months and days (2024/3/5, as Excel on Chinese Windows shows
// dates); YYYY年M月D日; YYYYMMDD; full-width digits; a trailing time of day
// ("2024-03-05 08:30:00", as databases export); and what the XLSX reader
// gives for date cells: MM-DD-YY for Excel's built-in format 14, or the
// five-digit serial day number for a format it does not render. Years
// before 1900 are refused.
func Parse(s string) (Date, error) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' { // the common case, fast
		if y, ok := digits(s[:4]); ok {
			if m, ok := digits(s[5:7]); ok {
				if d, ok := digits(s[8:]); ok {
					return ymd(y, m, d)
				}
			}
		}
	}
	s = normalise(s)
	if s == "" {
		return 0, ErrEmpty
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

// ParseISO reads only YYYY-MM-DD, for URL parameters and API fields where
// one form is the contract.
func ParseISO(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, errDateFormat
	}
	y, ok1 := digits(s[:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:])
	if !ok1 || !ok2 || !ok3 {
		return 0, errDateFormat
	}
	return ymd(y, m, d)
}

// ParseMonth reads a month: YYYYMM, also YYYY-MM, YYYY/MM, YYYY.MM and
// YYYY年M月, with full-width digits.
func ParseMonth(s string) (Month, error) {
	s = normalise(s)
	if s == "" {
		return 0, ErrEmpty
	}
	t := strings.NewReplacer("年", "-", "月", "", "/", "-", ".", "-").Replace(s)
	var y, m int
	var ok1, ok2 bool
	if y0, m0, cut := strings.Cut(t, "-"); cut {
		if len(y0) != 4 || m0 == "" || len(m0) > 2 {
			return 0, errMonthFormat
		}
		y, ok1 = digits(y0)
		m, ok2 = digits(m0)
	} else {
		if len(t) != 6 {
			return 0, errMonthFormat
		}
		y, ok1 = digits(t[:4])
		m, ok2 = digits(t[4:])
	}
	if !ok1 || !ok2 {
		return 0, errMonthFormat
	}
	if m < 1 || m > 12 || y < 1900 || y > 9999 {
		return 0, errMonthValue
	}
	return Month(y*100 + m), nil
}

func normalise(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			s = strings.NewReplacer("年", "\x01", "月", "\x02", "日", "\x03").Replace(s)
			s = width.Narrow.String(s)
			s = strings.NewReplacer("\x01", "年", "\x02", "月", "\x03", "日").Replace(s)
			break
		}
	}
	return strings.TrimSpace(s)
}

// separated reads Y{4} sep M{1,2} sep D{1,2} with one separator, - / or '.'.
func separated(s string) (Date, error) {
	if len(s) < 8 || len(s) > 10 {
		return 0, errDateFormat
	}
	sep := s[4]
	if sep != '-' && sep != '/' && sep != '.' {
		return 0, errDateFormat
	}
	parts := strings.Split(s, string(sep))
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 {
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
func excelShort(s string) (Date, error) {
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
func compact(s string) (Date, error) {
	v, ok := digits(s)
	if !ok {
		return 0, errDateFormat
	}
	return ymd(v/10000, v/100%100, v%100)
}

// serial reads an Excel serial day number (days since 1899-12-30 for every
// date after February 1900); only five-digit serials (1927–2173) are taken
// for dates, so that no other number passes as one.
func serial(s string) (Date, error) {
	n, ok := digits(s)
	if !ok || n < 10000 {
		return 0, errDateFormat
	}
	return DateOfUTC(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)), nil
}

// digits reads a non-empty run of at most nine ASCII digits.
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

// ymd checks a calendar date and packs it.
func ymd(y, m, d int) (Date, error) {
	if m < 1 || m > 12 || d < 1 || d > DaysIn(y, m) || y > 9999 {
		return 0, errDateValue
	}
	if y < 1900 {
		return 0, errDateEarly
	}
	return Date(y*10000 + m*100 + d), nil
}

// DaysIn is the number of days of month m of year y.
func DaysIn(y, m int) int {
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

// MonthsBefore is the same calendar date n months before d, or the last day
// of that month when it is shorter: 2024-02-29 minus 12 months is
// 2023-02-28, 2026-03-31 minus 1 month is 2026-02-28.
func (d Date) MonthsBefore(n int) Date {
	m := d.Month().Add(-n)
	return Date(int(m)*100 + min(d.Day(), DaysIn(m.Year(), m.Num())))
}

// AgeOn is the age in completed years on d of a person born on birth: a
// birthday counts from its day; someone born on 29 February turns a year
// older on 1 March in common years.
func AgeOn(birth, d Date) int { return int(d-birth) / 10000 }
