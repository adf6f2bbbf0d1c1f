package screening

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Options tune a screen.
type Options struct {
	AsOf  time.Time   // the day screened (its calendar date); zero: today in China
	Scope store.Scope // the households screened; the zero Scope is refused
	By    auth.User   // who runs it; the zero User is the system
	// Rematch, when set, first links stored unmatched feed rows to persons
	// registered since (feed.Rematch), in a write transaction of its own.
	Rematch func(ctx context.Context, q store.Querier) (int64, error)
	Now     func() time.Time // the clock of the stored times; nil: time.Now
}

// Result is what a screen found (screen --json, docs/figures.md): per rule, the
// households of the scope for which it fires at as_of whatever their
// monitoring state, and the warnings this run created; and the stored feed
// rows whose ID number matches no person — all of them, whatever the scope:
// a row that matches nobody has no region. Every rule is present, zeros
// included.
type Result struct {
	AsOf          string             `json:"as_of"`
	Rules         map[Rule]RuleCount `json:"rules"`
	UnmatchedRows int64              `json:"unmatched_rows"`
	RunID         int64              `json:"-"` // the screen_runs row
	Rematched     int64              `json:"-"` // feed rows matched by Rematch first
}

// RuleCount is one rule's line of a Result.
type RuleCount struct {
	Households  int `json:"households"`
	NewWarnings int `json:"new_warnings"`
}

// Run screens the scope's households at opt.AsOf: reads the registry and
// the feeds (load), then county by county applies the rules in memory
// (evaluate) and stores the warnings not stored before for the same
// household, rule and period — all counties, with the run, in one
// transaction. Running it again on the same data creates no warning.
func Run(ctx context.Context, db *store.DB, opt Options) (*Result, error) {
	if !opt.Scope.Valid() {
		return nil, store.ErrNoScope
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	started := opt.Now()
	asOf := opt.day(started)
	res := &Result{AsOf: asOf.Format(time.DateOnly), Rules: map[Rule]RuleCount{}}
	if opt.Rematch != nil {
		err := db.Transact(ctx, func(tx *store.Tx) (err error) {
			res.Rematched, err = opt.Rematch(ctx, tx)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("screening: rematch feed rows: %w", err)
		}
	}
	s, err := load(ctx, db, opt.Scope, asOf)
	if err != nil {
		return nil, err
	}
	defer s.sp.close()
	res.UnmatchedRows = s.unmatched
	views, err := s.counties()
	if err != nil {
		return nil, err
	}
	if err := persist(ctx, db, opt, views, res, started); err != nil {
		return nil, err
	}
	return res, nil
}

// day is the calendar date screened, as midnight UTC.
func (o Options) day(now time.Time) time.Time {
	t := o.AsOf
	if t.IsZero() {
		t = now.In(civil.Zone)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
