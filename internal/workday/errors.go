package workday

import (
	"fmt"
	"time"
)

// MissingYearError reports a date in a year whose holiday notice is not
// loaded (or not marked complete).
type MissingYearError struct{ Year int }

// Error implements error; the text is shown to users as it is.
func (e *MissingYearError) Error() string {
	return fmt.Sprintf("尚未录入%d年的法定节假日安排，无法计算工作日", e.Year)
}

// InvalidError is rejected administrator input: a bad date, kind, year or
// setting, or a bad line of an imported file. Reason, in Chinese, is shown
// to users as it is.
type InvalidError struct {
	Line   int // the file line, for ImportCSV; 0 otherwise
	Reason string
}

func (e *InvalidError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("第%d行：%s", e.Line, e.Reason)
	}
	return e.Reason
}

// Years outside this range are taken for typing mistakes.
const (
	minYear = 2000
	maxYear = 2100
)

func checkYear(y int) error {
	if y < minYear || y > maxYear {
		return fmt.Errorf("年份 %d 超出范围（%d–%d）", y, minYear, maxYear)
	}
	return nil
}

// checkDay accepts Off on any date and Workday only on a weekend: a make-up
// working day on a weekday would change nothing and is most likely a typo.
func checkDay(d date, kind string) error {
	if err := checkYear(d.year()); err != nil {
		return err
	}
	switch kind {
	case Off:
		return nil
	case Workday:
		if wd := d.weekday(); wd != time.Saturday && wd != time.Sunday {
			return fmt.Errorf("%s 是工作日（周%s），调休上班只能设在周末", d, weekdayZH[wd])
		}
		return nil
	}
	return fmt.Errorf("类型“%s”无效，应为 off（放假）或 workday（调休上班）", kind)
}

var weekdayZH = [...]string{"日", "一", "二", "三", "四", "五", "六"}
