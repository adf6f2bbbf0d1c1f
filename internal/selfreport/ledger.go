package selfreport

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// Entry is one self-report with the handling of its case, as the
// self-report ledger lists it.
type Entry struct {
	Receipt, Region, HeadName string
	ID, Phone                 string // masked unless asked for in full
	RiskTypes                 []string
	Description               string
	CreatedAt, DueBy          string // the report's time (RFC 3339) and its acceptance deadline
	Objected                  bool
	CaseID                    int64 // 0 when no case holds it
	State                     casework.State
	Outcome                   casework.Outcome
	OutcomeReason             string
	TotalDue, DecidedAt       string
}

// ForEach calls fn with every self-report of the scope narrowed to region
// received on a day (China time) from from to to, both included, the
// oldest first. With full, the ID and phone numbers are decrypted with
// keys: the caller has checked the user may see them and audits it.
func ForEach(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, region string,
	from, to civil.Date, full bool, fn func(Entry) error) error {
	if full && keys == nil {
		return errors.New("selfreport: full numbers need the key")
	}
	where, args, err := scope.NarrowWhere(region, "r.region_code")
	if err != nil {
		return err
	}
	secret := "NULL, NULL"
	if full {
		secret = "r.id_enc, r.phone_enc"
	}
	return store.Each(ctx, q, "selfreport: reports", func(rows store.Scanner) error {
		var err error
		var e Entry
		var risks, state, outcome string
		var objected sql.NullString
		var caseID sql.NullInt64
		var idEnc, phoneEnc []byte
		if err := rows.Scan(&e.Receipt, &e.Region, &e.HeadName, &e.ID, &e.Phone, &risks, &e.Description, &e.CreatedAt,
			&e.DueBy, &objected, &caseID, &state, &outcome, &e.OutcomeReason, &e.TotalDue, &e.DecidedAt,
			&idEnc, &phoneEnc); err != nil {
			return err
		}
		e.Objected, e.CaseID = objected.Valid, caseID.Int64
		e.State, e.Outcome = casework.State(state), casework.Outcome(outcome)
		if risks != "" {
			e.RiskTypes = strings.Split(risks, ",")
		}
		if full {
			if e.ID, err = keys.Open(idEnc); err != nil {
				return err
			}
			if e.Phone, err = keys.Open(phoneEnc); err != nil {
				return err
			}
		}
		return fn(e)
	}, `SELECT r.receipt, r.region_code, r.head_name, r.id_masked, r.phone_masked,
		r.risk_types, r.description, r.created_at, r.due_by, r.objected_at, r.case_id, COALESCE(c.state, ''),
		COALESCE(c.outcome, ''), COALESCE(c.outcome_reason, ''), COALESCE(c.total_due, ''), COALESCE(c.decided_at, ''), `+
		secret+` FROM self_reports r LEFT JOIN cases c ON c.id = r.case_id
		WHERE `+where+` AND r.created_at >= ? AND r.created_at < ? ORDER BY r.created_at, r.id`,
		append(args, store.Stamp(from.Time()), store.Stamp(to.AddDays(1).Time()))...)
}
