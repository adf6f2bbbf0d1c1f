package selfreport

import (
	"context"
	"fmt"
	"strings"

	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// Contact is who to call about a case: the family that reported it on the
// 一键报贫 form (masked numbers), and the registered household the case or
// the reported ID number belongs to.
type Contact struct {
	CaseID      int64
	Region      string // the case's village
	Receipt     string // "" when the case has no self-report
	Name        string // the name given on the form
	IDMasked    string
	PhoneMasked string // the form's phone, else the household's
	Household   string // the registered household's code within the scope, "" when none
	IDNumber    string // only from RevealContact
	Phone       string // only from RevealContact
}

// contactSQL reads cases of the scope with their first self-report and the
// household: the case's own, else the one whose member holds the reported ID
// number (the keyed index), inside the scope.
const contactSQL = `SELECT c.id, c.region_code, COALESCE(r.receipt, ''), COALESCE(r.head_name, ''), COALESCE(r.id_masked, ''),
	COALESCE(r.phone_masked, ''), COALESCE(h.code, ''), COALESCE(h.phone_masked, ''), r.id_enc, r.phone_enc
	FROM cases c
	LEFT JOIN self_reports r ON r.id = (SELECT MIN(x.id) FROM self_reports x WHERE x.case_id = c.id)
	LEFT JOIN households h ON h.id = COALESCE(c.household_id,
		(SELECT p.household_id FROM persons p WHERE p.id_idx = COALESCE(r.id_idx, NULLIF(c.id_idx, '')) AND p.active = 1))
		AND %s
	WHERE %s AND c.id IN (%s)`

// Contacts returns the contact of each case of ids inside scope (cases
// outside it are left out).
func Contacts(ctx context.Context, q store.Querier, scope store.Scope, ids []int64) (map[int64]Contact, error) {
	out := make(map[int64]Contact, len(ids))
	if len(ids) == 0 {
		if !scope.Valid() {
			return nil, store.ErrNoScope
		}
		return out, nil
	}
	err := contacts(ctx, q, scope, ids, func(c Contact, _, _ []byte) error {
		out[c.CaseID] = c
		return nil
	})
	return out, err
}

// RevealContact returns the contact of case id of the scope with the
// reporter's full ID and phone numbers, for a user allowed to see them; the
// caller audits the view. A case without a self-report has nothing to reveal:
// store.ErrNotFound.
func RevealContact(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, id int64) (Contact, error) {
	var found Contact
	var ok bool
	err := contacts(ctx, q, scope, []int64{id}, func(c Contact, idEnc, phoneEnc []byte) error {
		if c.Receipt == "" {
			return nil
		}
		var err error
		if c.IDNumber, err = keys.Open(idEnc); err != nil {
			return err
		}
		if c.Phone, err = keys.Open(phoneEnc); err != nil {
			return err
		}
		found, ok = c, true
		return nil
	})
	if err == nil && !ok {
		err = fmt.Errorf("selfreport: case %d has no report: %w", id, store.ErrNotFound)
	}
	return found, err
}

func contacts(ctx context.Context, q store.Querier, scope store.Scope, ids []int64, each func(c Contact, idEnc, phoneEnc []byte) error) error {
	caseWhere, caseArgs, err := scope.Where("c.region_code")
	if err != nil {
		return err
	}
	hhWhere, hhArgs, err := scope.Where("h.region_code")
	if err != nil {
		return err
	}
	args := append(append([]any{}, hhArgs...), caseArgs...)
	for _, id := range ids {
		args = append(args, id)
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	return store.Each(ctx, q, "selfreport: contacts", func(rows store.Scanner) error {
		var c Contact
		var hhPhone string
		var idEnc, phoneEnc []byte
		if err := rows.Scan(&c.CaseID, &c.Region, &c.Receipt, &c.Name, &c.IDMasked, &c.PhoneMasked, &c.Household, &hhPhone,
			&idEnc, &phoneEnc); err != nil {
			return err
		}
		if c.PhoneMasked == "" {
			c.PhoneMasked = hhPhone
		}
		return each(c, idEnc, phoneEnc)
	}, fmt.Sprintf(contactSQL, hhWhere, caseWhere, marks), args...)
}
