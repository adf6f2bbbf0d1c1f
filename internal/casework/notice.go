package casework

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/notify"
	"fangpin/internal/store"
)

// announce posts that case c arrived in its village's inbox, through q, the
// transaction that opened it: every way of opening a case tells the village
// once, and a case rolled back tells no one.
func announce(ctx context.Context, q store.Querier, c Case, now time.Time) error {
	_, err := notify.Post(ctx, q, notify.Notification{Region: c.Region, Kind: notify.KindNew, CaseID: c.ID,
		Message: fmt.Sprintf("新案件 %d（%s）待受理，请在 %s 前受理", c.ID, c.Source.Label(), orNone(c.AcceptDue))}, now)
	return err
}

func orNone(d string) string {
	if d == "" {
		return "规定时限"
	}
	return d
}

// overduePage is the number of overdue cases read at a time.
const overduePage = 500

// NotifyOverdue posts, once per case and deadline, that an open case of the
// scope is past its deadline at now, through q, and returns how many
// notifications were new.
func NotifyOverdue(ctx context.Context, q store.Querier, scope store.Scope, now time.Time) (int, error) {
	count := 0
	for page := 1; ; page++ {
		cases, _, err := List(ctx, q, scope, Filter{Open: true, OverdueAt: now, Page: page, PerPage: overduePage})
		if err != nil {
			return count, err
		}
		for _, c := range cases {
			fresh, err := notify.Post(ctx, q, notify.Notification{Region: c.Region, Kind: notify.KindOverdue,
				CaseID: c.ID, Ref: c.Due(), Message: fmt.Sprintf("案件 %d 已超过办理时限（%s，%s）", c.ID, c.Due(), c.State.Label())}, now)
			if err != nil {
				return count, err
			}
			if fresh {
				count++
			}
		}
		if len(cases) < overduePage {
			return count, nil
		}
	}
}
