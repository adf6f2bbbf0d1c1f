package workday

import (
	"context"
	"fmt"
	"sync"
	"time"

	"fangpin/internal/store"
)

// Deadlines turns the deadline settings into dates on the calendar: Due
// gives the YYYY-MM-DD by which a step must be done.
type Deadlines struct {
	Cal    *Calendar
	Limits Limits
	mu     sync.RWMutex // guards Limits once the server runs (SetLimits)
}

// SetLimits changes the limits of a Deadlines in use.
func (d *Deadlines) SetLimits(l Limits) {
	d.mu.Lock()
	d.Limits = l
	d.mu.Unlock()
}

// LoadDeadlines reads the calendar and the limits from the database.
func LoadDeadlines(ctx context.Context, q store.Querier) (*Deadlines, error) {
	cal, err := Load(ctx, q)
	if err != nil {
		return nil, err
	}
	lim, err := LoadLimits(ctx, q)
	if err != nil {
		return nil, err
	}
	return &Deadlines{Cal: cal, Limits: lim}, nil
}

// Due returns the date, in working days after from, of step "accept",
// "verify" (counted from acceptance's deadline) or "total".
func (d *Deadlines) Due(from time.Time, step string) (string, error) {
	d.mu.RLock()
	lim := d.Limits
	d.mu.RUnlock()
	n := 0
	switch step {
	case "accept":
		n = lim.Accept
	case "verify":
		n = lim.Accept + lim.Verify
	case "total":
		n = lim.Total
	default:
		return "", fmt.Errorf("workday: unknown step %q", step)
	}
	t, err := d.Cal.AddWorkdays(from, n)
	if err != nil {
		return "", err
	}
	return t.Format("2006-01-02"), nil
}
