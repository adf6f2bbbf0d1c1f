package feed

import (
	"context"
	"fmt"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Enrolment is one insurance row of a household member, for the household
// page.
type Enrolment struct {
	Name, IDMasked string
	Year           int
	Category       string
	ContribFen     int64
	SubsidyFen     int64
	Day            civil.Date
}

// Contract is one family-doctor contract of a household member.
type Contract struct {
	Name, IDMasked string
	Signed         civil.Date
	Team           string
	End            civil.Date // 0: open-ended
}

// Cover is what the insurance and doctor feeds hold of one household's
// current and former members, latest first.
type Cover struct {
	Insurance []Enrolment
	Doctor    []Contract
}

// HouseholdCover reads the insurance and family-doctor rows of the members
// of household hh, which must lie in scope (else nothing is read).
func HouseholdCover(ctx context.Context, q store.Querier, scope store.Scope, hh int64) (Cover, error) {
	var c Cover
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return c, err
	}
	from := " JOIN persons p ON p.id = f.person_id JOIN households h ON h.id = p.household_id WHERE h.id = ? AND " + where
	args = append([]any{hh}, args...)
	rows, err := q.QueryContext(ctx, "SELECT p.name, f.id_masked, f.year, f.category, f.contrib_fen, f.subsidy_fen, f.day FROM feed_insurance f"+
		from+" ORDER BY f.year DESC, f.day DESC, f.id DESC", args...)
	if err != nil {
		return c, fmt.Errorf("feed: insurance of household %d: %w", hh, err)
	}
	for rows.Next() {
		var e Enrolment
		if err := rows.Scan(&e.Name, &e.IDMasked, &e.Year, &e.Category, &e.ContribFen, &e.SubsidyFen, &e.Day); err != nil {
			rows.Close()
			return c, err
		}
		c.Insurance = append(c.Insurance, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	err = store.Each(ctx, q, fmt.Sprintf("feed: contracts of household %d", hh), func(rows store.Scanner) error {
		var d Contract
		if err := rows.Scan(&d.Name, &d.IDMasked, &d.Signed, &d.Team, &d.End); err != nil {
			return err
		}
		c.Doctor = append(c.Doctor, d)
		return nil
	}, "SELECT p.name, f.id_masked, f.signed, f.team, COALESCE(f.end_day, 0) FROM feed_doctor f"+
		from+" ORDER BY f.signed DESC, f.id DESC", args...)
	return c, err
}
