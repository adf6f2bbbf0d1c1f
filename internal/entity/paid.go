package entity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// MarkPaid records that payout id, of a household of scope, was paid on
// day (not after today) with a note of the evidence, with its audit entry
// in the same transaction. A payout outside scope is not found; one
// already paid is a conflict.
func MarkPaid(ctx context.Context, db *store.DB, scope store.Scope, id int64, day, today civil.Date, evidence, by string) error {
	evidence = strings.TrimSpace(evidence)
	switch {
	case day == 0:
		return fault.Invalidf("paid", "请填写兑付日期", "give the day paid")
	case day > today:
		return fault.Invalidf("paid", "兑付日期不能晚于今天", "the day paid cannot be after today")
	case evidence == "":
		return fault.Invalidf("evidence", "请填写兑付凭证（如银行流水号、收据编号）", "give the evidence (bank reference, receipt number)")
	case len([]rune(evidence)) > 200:
		return fault.Invalidf("evidence", "兑付凭证不超过200字", "the evidence is at most 200 characters")
	}
	where, args, err := scope.Where("region_code")
	if err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *store.Tx) error {
		var region string
		var paid sql.NullString
		err := tx.QueryRowContext(ctx, "SELECT region_code, paid FROM entity_payouts WHERE id = ? AND "+where,
			append([]any{id}, args...)...).Scan(&region, &paid)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("entity: payout %d: %w", id, err)
		}
		if paid.Valid {
			return fault.Conflictf("该笔分红已于%s兑付", "the payout was paid on %s", paid.String)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE entity_payouts SET paid = ?, evidence = ?, updated_by = ?, updated_at = ? WHERE id = ?",
			day.String(), evidence, by, store.Now(), id); err != nil {
			return fmt.Errorf("entity: mark payout %d paid: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "entity.payout_paid", Entity: "entity_payout",
			EntityID: strconv.FormatInt(id, 10), Region: region, Detail: map[string]string{"paid": day.String(), "evidence": evidence}})
	})
}
