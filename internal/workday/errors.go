package workday

import (
	"fmt"
	"strings"
	"time"

	"fangpin/internal/fault"
)

// ErrMissingYear is wrapped by the error of a date in a year whose holiday
// notice is not loaded (or not marked complete): errors.Is finds it, and
// MissingYear gives the error of one year.
var ErrMissingYear = fault.Conflictf("尚未录入该年的法定节假日安排，无法计算工作日",
	"The holidays of the year are not loaded: working days cannot be computed")

// MissingYear is the error of a date in year when its holidays are not
// loaded: ErrMissingYear with the year in its message.
func MissingYear(year int) *fault.Error {
	return fault.Conflictf("尚未录入%d年的法定节假日安排，无法计算工作日",
		"The holidays of %d are not loaded: working days cannot be computed", year).Wrap(ErrMissingYear)
}

// Years outside this range are taken for typing mistakes.
const (
	minYear = 2000
	maxYear = 2100
)

func checkYear(y int) *fault.Error {
	if y < minYear || y > maxYear {
		return fault.Invalidt("年份 %d 超出范围（%d–%d）", "The year %d is out of range (%d–%d)", y, minYear, maxYear)
	}
	return nil
}

// checkDay accepts Off on any date and Workday only on a weekend: a make-up
// working day on a weekday would change nothing and is most likely a typo.
func checkDay(d date, kind string) *fault.Error {
	if err := checkYear(d.year()); err != nil {
		return err
	}
	switch kind {
	case Off:
		return nil
	case Workday:
		if wd := d.weekday(); wd != time.Saturday && wd != time.Sunday {
			return fault.Invalidt("%s 是工作日（周%s），调休上班只能设在周末", "%s is a weekday (%s): a make-up working day must fall on a weekend",
				d.String(), fault.T(weekdayZH[wd], wd.String()))
		}
		return nil
	}
	return fault.Invalidt("类型“%s”无效，应为 off（放假）或 workday（调休上班）",
		"The kind “%s” is not valid: use off (a day off) or workday (a make-up working day)", kind)
}

var weekdayZH = [...]string{"日", "一", "二", "三", "四", "五", "六"}

// badLine is a rejected line of an imported file and why.
type badLine struct {
	line   int // 0 for a note on the whole file
	reason fault.Text
}

// importError is the rejection of a file: one Invalid error whose message
// lists the bad lines in order, one per line of text, and whose fields hold
// each line's reason under "line.N" (the line number stays reachable).
func importError(bad []badLine) *fault.Error {
	var zh, en []string
	var args []any
	fields := map[string]fault.Text{}
	for _, b := range bad {
		if b.line == 0 {
			zh, en, args = append(zh, "%s"), append(en, "%s"), append(args, b.reason)
			continue
		}
		zh, en, args = append(zh, "第%d行：%s"), append(en, "Line %d: %s"), append(args, b.line, b.reason)
		fields[fmt.Sprintf("line.%d", b.line)] = b.reason
	}
	return &fault.Error{Kind: fault.Invalid, Msg: fault.T(strings.Join(zh, "\n"), strings.Join(en, "\n"), args...),
		Fields: fields}
}
