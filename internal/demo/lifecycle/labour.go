package lifecycle

import (
	"context"
	"errors"
	"fmt"

	"fangpin/internal/civil"
	"fangpin/internal/demo"
	"fangpin/internal/fault"
	"fangpin/internal/labour"
	"fangpin/internal/store"
)

// labourSubsidyCounty is the county whose transport subsidies the demo has
// paid (the other county's are still due, so the page has work).
const labourSubsidyCounty = "620321000000"

// labour imports the demo city's labour transfers of the year
// (demo.LabourCSV) and pays one county's transport subsidies in a batch a
// week before the demo's today.
func (l *run) labour(ctx context.Context, dir string) error {
	files := &tempFiles{dir: dir, paths: map[string]string{}}
	defer files.remove()
	f, err := files.create("labour")
	if err != nil {
		return err
	}
	if _, err := demo.LabourCSV(l.cfg, f); err != nil {
		return err
	}
	if err := files.sync(); err != nil {
		return err
	}
	res, err := labour.Import(as(ctx, system), l.db, l.keys, store.ScopeAll(), files.paths["labour"], system.Username)
	if err != nil && len(res.Issues) > 0 {
		return fmt.Errorf("%w: %+v", err, res.Issues[0])
	}
	if err != nil {
		return err
	}
	l.sum.Transfers = res.Rows
	b, err := labour.CreateBatch(as(ctx, system), l.db, store.ScopeAll(), labourSubsidyCounty, l.asOf.Year(),
		civil.DateOf(l.daysAgo(7)), system.Username)
	if errors.Is(err, fault.ErrConflict) {
		return nil // nobody due (a small demo)
	}
	if err != nil {
		return err
	}
	l.sum.Subsidised = len(b.Lines)
	return nil
}
