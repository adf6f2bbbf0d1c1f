package lifecycle

import (
	"context"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/regcode"
	"fangpin/internal/screening"
	"fangpin/internal/store"
)

// The demo's elimination cases: done ones approved, then one rolled back;
// the open ones wait at their public notice.
const (
	eliminationsDone = 6
	eliminationsOpen = 3
)

// eliminations walks the first households that meet every criterion
// through the elimination chain, backdated so that the notice ran its five
// days; the last done one is rolled back as found wrong.
func (l *run) eliminations(ctx context.Context) error {
	hs, err := l.monitoredHouseholds(ctx)
	if err != nil {
		return err
	}
	var done []*monitored
	open := 0
	for _, h := range hs {
		if len(done) == eliminationsDone && open == eliminationsOpen {
			break
		}
		start := l.daysAgo(40)
		check, err := casework.EliminationCheck(ctx, l.db.Reader(), store.ScopeAll(), h.id, start)
		if err != nil {
			return err
		}
		if !check.Met() {
			continue
		}
		full := len(done) < eliminationsDone
		if err := l.eliminate(ctx, h, start, full); err != nil {
			return err
		}
		if full {
			done = append(done, h)
		} else {
			open++
		}
	}
	l.sum.Eliminated, l.sum.EliminationOpen = len(done), open
	if len(done) == 0 {
		return nil
	}
	last := done[len(done)-1]
	county := auth.User{Username: "demo", DisplayName: "县农业农村局", Role: auth.RoleCounty, Region: regcode.AncestorAt(last.region, regcode.County)}
	if err := l.db.Transact(ctx, func(tx *store.Tx) error {
		return casework.RollbackElimination(as(ctx, county), tx, county.Scope(), county, last.id,
			"复核发现家中老人新确诊慢性病，医疗支出较大，收入不稳定", l.daysAgo(5))
	}); err != nil {
		return err
	}
	l.sum.RolledBack, l.sum.Eliminated = 1, len(done)-1
	return nil
}

// eliminate opens an elimination case for h at start and takes it through
// each step by the role that owns it, to county approval when full, else to
// the public notice.
func (l *run) eliminate(ctx context.Context, h *monitored, start time.Time, full bool) error {
	village := auth.User{Username: "demo", DisplayName: "村级信息员", Role: auth.RoleVillage, Region: h.region}
	township := auth.User{Username: "demo", DisplayName: "乡镇审核员", Role: auth.RoleTownship, Region: regcode.AncestorAt(h.region, regcode.Township)}
	county := auth.User{Username: "demo", DisplayName: "县级审定", Role: auth.RoleCounty, Region: regcode.AncestorAt(h.region, regcode.County)}
	steps := []struct {
		user auth.User
		a    casework.Action
		data casework.Data
		day  int
	}{
		{village, casework.ActVerify, casework.Data{"consent": true, "notes": "入户核实：收入稳定，三保障和饮水安全有保障"}, 38},
		{village, casework.ActReview, casework.Data{"qualifies": true, "minutes": "村民代表会议同意消除风险"}, 35},
		{village, casework.ActPublishNotice, casework.Data{"start": l.daysAgo(30).Format(time.DateOnly), "place": "村务公开栏"}, 30},
		{village, casework.ActEndNotice, casework.Data{"result": "公示期间无异议"}, 23},
		{township, casework.ActTownshipReview, casework.Data{"approve": true}, 20},
		{county, casework.ActCountyApprove, casework.Data{"approve": true}, 15},
	}
	if !full {
		steps = steps[:3]
	}
	mode := "帮扶消除"
	if l.chance(0.3) {
		mode = "自然消除"
	}
	return l.db.Transact(ctx, func(tx *store.Tx) error {
		c, _, err := casework.OpenElimination(as(ctx, village), tx, store.ScopeAll(), casework.NewElimination{HouseholdID: h.id,
			Mode: mode, Description: "收入持续稳定高于监测范围，帮扶措施已落实", By: village,
			Deadlines: l.deadlines}, start)
		if err != nil {
			return err
		}
		for _, s := range steps {
			if c, err = casework.Act(as(ctx, s.user), tx, store.ScopeAll(), s.user, c.ID, s.a, "", s.data, l.daysAgo(s.day)); err != nil {
				return err
			}
		}
		return nil
	})
}

// decideWarnings closes part of the warnings the way cadres would: those of
// households already monitored as handled, a few others opened as cases.
func (l *run) decideWarnings(ctx context.Context) error {
	ws, _, err := screening.List(ctx, l.db.Reader(), store.ScopeAll(), screening.Filter{Status: screening.StatusOpen, PerPage: 500})
	if err != nil {
		return err
	}
	hs, err := l.monitoredHouseholds(ctx)
	if err != nil {
		return err
	}
	monitored := map[int64]bool{}
	for _, h := range hs {
		monitored[h.id] = true
	}
	cases := 0
	return l.db.Transact(ctx, func(tx *store.Tx) error {
		for _, w := range ws {
			d := screening.Decision{Now: l.daysAgo(l.r.IntN(3)), Deadlines: l.deadlines}
			switch {
			case monitored[w.HouseholdID] && l.chance(0.6):
				d.Kind = screening.DecideHandled
				d.Reason = "已纳入监测，帮扶措施已落实"
			case !monitored[w.HouseholdID] && cases < 5 && l.chance(0.2):
				d.Kind = screening.DecideOpenCase
				cases++
			default:
				continue
			}
			by := auth.User{Username: "demo", DisplayName: "村级信息员", Role: auth.RoleVillage, Region: w.Region}
			if _, err := screening.Decide(as(ctx, by), tx, store.MustScope(w.Region), by, w.ID, d); err != nil {
				return err
			}
			l.sum.WarningsDecided++
		}
		return nil
	})
}
