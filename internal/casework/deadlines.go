package casework

import (
	"fmt"
	"time"

	"fangpin/internal/civil"
)

// The steps whose deadlines Open asks for.
const (
	StepAccept = "accept" // the township accepts the clue
	StepVerify = "verify" // the village has verified at home
	StepTotal  = "total"  // the whole process is decided
)

// Deadlines computes a deadline: the date (YYYY-MM-DD) by which step must be
// done when the clock starts at from. The working-day calendar implements
// it; FixedDays is a stand-in counting calendar days.
type Deadlines interface {
	Due(from time.Time, step string) (string, error)
}

// FixedDays counts calendar days per step, from from's date in China.
type FixedDays map[string]int

// Due implements Deadlines.
func (f FixedDays) Due(from time.Time, step string) (string, error) {
	n, ok := f[step]
	if !ok {
		return "", fmt.Errorf("casework: no deadline for step %q", step)
	}
	return from.In(civil.Zone).AddDate(0, 0, n).Format(time.DateOnly), nil
}

// dues asks dl for the three deadlines of a case opened at now. A deadline
// the calendar cannot give stays "" and its error is returned in problems,
// to be shown on the case's timeline: a clue is never refused for want of a
// calendar.
func dues(dl Deadlines, now time.Time) (accept, verify, total string, problems []string) {
	if dl == nil {
		return "", "", "", []string{"未配置工作日日历，未计算办理时限"}
	}
	get := func(step string) string {
		d, err := dl.Due(now, step)
		if err != nil {
			problems = append(problems, err.Error())
			return ""
		}
		return d
	}
	return get(StepAccept), get(StepVerify), get(StepTotal), problems
}
