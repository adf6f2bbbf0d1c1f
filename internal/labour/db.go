package labour

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/workday"
)

// KeyMinMonths is the setting of the months away a subsidy needs.
const KeyMinMonths = "labour.min_months"

// MinMonths reads the months away a subsidy needs (MinMonthsDefault unless
// set); a stored value outside 1–12 is an error.
func MinMonths(ctx context.Context, q store.Querier) (int, error) {
	n, err := workday.GetInt(ctx, q, KeyMinMonths, MinMonthsDefault)
	if err != nil {
		return 0, err
	}
	if n < 1 || n > 12 {
		return 0, fault.Invalidt("设置 %s 应为1到12，不能是 %d", "setting %s must be 1 to 12, not %d", KeyMinMonths, n)
	}
	return n, nil
}

// Rates reads every dated subsidy amount, oldest first.
func Rates(ctx context.Context, q store.Querier) ([]Rate, error) {
	return store.Collect(ctx, q, "labour: rates", scanRate, `SELECT destination, province, effective_from, amount_fen
		FROM labour_subsidy_rates ORDER BY effective_from, destination, province`)
}

func scanRate(rows store.Scanner) (Rate, error) {
	var r Rate
	var from string
	if err := rows.Scan(&r.Destination, &r.Province, &from, &r.AmountFen); err != nil {
		return r, err
	}
	var err error
	if r.From, err = civil.ParseISO(from); err != nil {
		return r, fmt.Errorf("rate from %q: %w", from, err)
	}
	return r, nil
}

// SetRate stores an amount from a day on (replacing one of the same
// destination, province and day), with its audit entry in the same
// transaction. Earlier rows stay: they decide the days before.
func SetRate(ctx context.Context, db *store.DB, r Rate) error {
	r.Province = NormProvince(r.Province)
	f := map[string]fault.Text{}
	switch {
	case r.Destination != OutProv && r.Destination != InProvince && r.Destination != InCity:
		f["destination"] = fault.T("去向应为市内县外、省内市外或省外", "destination must be 市内县外, 省内市外 or 省外")
	case r.Destination != OutProv && r.Province != "":
		f["province"] = fault.T("只有省外补助按省份设置", "only 省外 amounts are set per province")
	}
	if r.From == 0 {
		f["from"] = fault.T("请填写起始日期", "give the first day")
	}
	if r.AmountFen < 0 {
		f["amount"] = fault.T("金额不能为负", "the amount cannot be negative")
	}
	if len(f) > 0 {
		return fault.InvalidFields(f)
	}
	return db.Transact(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO labour_subsidy_rates (destination, province, effective_from, amount_fen)
			VALUES (?, ?, ?, ?) ON CONFLICT (destination, province, effective_from) DO UPDATE SET amount_fen = excluded.amount_fen`,
			r.Destination, r.Province, r.From.String(), r.AmountFen); err != nil {
			return fmt.Errorf("labour: set rate: %w", err)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "labour.rate", Entity: "labour_subsidy_rate",
			EntityID: r.Destination + "/" + r.Province + "/" + r.From.String(),
			Detail:   map[string]string{"amount_fen": strconv.FormatInt(r.AmountFen, 10)}})
	})
}

// SaveTransfer records t (replacing the person's transfer of the year)
// inside tx; the caller checked t and resolved its person, household and
// region (the household's village now, which gives the row's county).
func SaveTransfer(ctx context.Context, tx store.Querier, t Transfer, by string, now string) error {
	if err := t.Check(); err != nil {
		return err
	}
	// The person may have moved to another household since the year's
	// transfer was stored: the row moves with them, county and all, before
	// the upsert, whose key holds the county (migration 00037).
	if _, err := tx.ExecContext(ctx, `UPDATE labour_transfers SET household_id = ?, region_code = ?, county = ?
		WHERE person_id = ? AND year = ? AND county <> ?`, t.HouseholdID, t.Region, region.County(t.Region),
		t.PersonID, t.Year, region.County(t.Region)); err != nil {
		return fmt.Errorf("labour: move transfer: %w", err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO labour_transfers (person_id, household_id, region_code, county, year,
		destination, province, months, income_fen, source, feed_row_id, created_at, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (person_id, year, county) DO UPDATE SET household_id = excluded.household_id, region_code = excluded.region_code,
		county = excluded.county, destination = excluded.destination, province = excluded.province, months = excluded.months,
		income_fen = excluded.income_fen, source = excluded.source, feed_row_id = excluded.feed_row_id,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		t.PersonID, t.HouseholdID, t.Region, region.County(t.Region), t.Year, t.Destination, NormProvince(t.Province), t.Months, t.IncomeFen,
		t.Source, store.NullID(t.FeedRowID), now, by, now)
	if err != nil {
		return fmt.Errorf("labour: save transfer: %w", err)
	}
	return nil
}

// Record stores a typed transfer of a current member of a household of
// scope (source typed, linking the year's 务工 feed row when there is
// one), replacing the person's transfer of that year, with its audit
// entry in the same transaction. A person outside scope is not found.
func Record(ctx context.Context, db *store.DB, scope store.Scope, personID int64, t Transfer, by string) error {
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT p.id, p.household_id, h.region_code FROM persons p JOIN households h ON h.id = p.household_id
			WHERE p.id = ? AND p.active = 1 AND `+where, append([]any{personID}, args...)...).Scan(&t.PersonID, &t.HouseholdID, &t.Region)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("labour: person %d: %w", personID, err)
		}
		if t.FeedRowID, _, err = feedRow(ctx, tx, t.PersonID, t.Year); err != nil {
			return err
		}
		t.Source = SourceTyped
		if err := SaveTransfer(ctx, tx, t, by, store.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "labour.transfer", Entity: "person", EntityID: strconv.FormatInt(personID, 10),
			Region: t.Region, Detail: map[string]any{"year": t.Year, "destination": t.Destination, "province": t.Province,
				"months": t.Months, "income_fen": t.IncomeFen}})
	})
}
