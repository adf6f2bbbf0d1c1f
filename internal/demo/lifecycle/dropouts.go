package lifecycle

import (
	"context"

	"fangpin/internal/civil"
	"fangpin/internal/dropout"
	"fangpin/internal/store"
)

// dropouts starts a 控辍保学 follow-up for every compulsory-age dropout of
// the demo's today, from their 辍学 row, with a home visit; every other
// one ends 返校 ten days later, the odd one 送教上门, when that day has come.
func (l *run) dropouts(ctx context.Context) error {
	today := civil.DateOf(l.asOf)
	entries, err := dropout.List(ctx, l.db.Reader(), store.ScopeAll(), today, 0)
	if err != nil {
		return err
	}
	ctx = as(ctx, system)
	n := 0
	for _, e := range entries {
		if !e.Compulsory || e.Followup.ID != 0 {
			continue
		}
		opened := today.AddDays(-(7 + 9*n%60))
		if e.StatusDay > opened {
			opened = e.StatusDay
		}
		id, err := dropout.Open(ctx, l.db, store.ScopeAll(), dropout.Request{PersonID: e.PersonID, FeedRowID: e.DropoutRow,
			Responsible: "包村干部和班主任", Opened: opened}, system.Username)
		if err != nil {
			return err
		}
		if err := dropout.AddStep(ctx, l.db, store.ScopeAll(), id, dropout.Step{Day: opened, Note: "入户家访，了解辍学原因，宣传义务教育政策"},
			system.Username); err != nil {
			return err
		}
		outcome := map[int]string{0: dropout.Returned, 3: dropout.AtHome}[n%4]
		if back := opened.AddDays(10); outcome != "" && back <= today {
			if err := dropout.SetOutcome(ctx, l.db, store.ScopeAll(), id, outcome, back, system.Username); err != nil {
				return err
			}
		}
		n++
	}
	l.sum.Followups = n
	return nil
}
