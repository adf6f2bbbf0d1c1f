package casework

import (
	"context"
	"database/sql"

	"fangpin/internal/store"
)

// NoticeEntry is one line of a public-notice list (公示名单): a case whose
// public notice began in the period, with what the notice may show of its
// household. It holds no ID number, phone, bank account or health.
type NoticeEntry struct {
	Case
	HouseholdCode     string // "" when the case has no registered household
	Members           int    // the household's members; 0 when not registered
	HouseholdCategory string // the household's 监测对象类别 now; "" when none
}

// Proposal is the step the notice proposes: 拟纳入监测 or 拟消除风险.
func (e NoticeEntry) Proposal() string {
	if e.Purpose == PurposeElimination {
		return "拟消除风险"
	}
	return "拟纳入监测"
}

// ForEachNotice calls fn with every case of the scope narrowed to region
// whose (last) public notice began on a day from from to to (YYYY-MM-DD,
// both included), whatever was decided afterwards, by village, notice day
// and case. One cursor; it stops at the first error of fn or of ctx.
func ForEachNotice(ctx context.Context, q store.Querier, scope store.Scope, region, from, to string,
	fn func(NoticeEntry) error) error {
	where, args, err := scope.NarrowWhere(region, "region_code")
	if err != nil {
		return err
	}
	return store.Each(ctx, q, "casework: notice list", func(rows store.Scanner) error {
		var e NoticeEntry
		var code, category sql.NullString
		var members sql.NullInt64
		var err error
		if e.Case, err = scanCase(&noticeScan{Scanner: rows, extra: []any{&code, &members, &category}}); err != nil {
			return err
		}
		e.HouseholdCode, e.Members, e.HouseholdCategory = code.String, int(members.Int64), category.String
		return fn(e)
	}, "SELECT "+caseCols+`,
		(SELECT h.code FROM households h WHERE h.id = cases.household_id),
		(SELECT h.members FROM households h WHERE h.id = cases.household_id),
		(SELECT h.category FROM households h WHERE h.id = cases.household_id AND h.identified_month IS NOT NULL)
		FROM cases WHERE `+where+` AND notice_start <> '' AND notice_start >= ? AND notice_start <= ?
		ORDER BY region_code, notice_start, id`, append(args, from, to)...)
}

// noticeScan scans a case's columns followed by extra ones.
type noticeScan struct {
	store.Scanner
	extra []any
}

func (n *noticeScan) Scan(dest ...any) error { return n.Scanner.Scan(append(dest, n.extra...)...) }
