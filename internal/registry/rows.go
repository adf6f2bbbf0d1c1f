package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// Row is one household of a whole list as an export writes it: the list's
// fields, the monitoring state and the head's identity.
type Row struct {
	Code, RegionCode, Type, HeadName string
	Members                          int
	Category                         string // 监测对象类别 once identified, also after elimination; "" when never
	IdentifiedMonth, EliminatedMonth int    // YYYYMM, 0 when none
	Eliminated                       bool
	Risks                            []string
	HeadID                           string // the head's ID number, masked unless asked for in full
	Phone                            string // the household's phone number, masked unless asked for in full
}

// ForEachHousehold calls fn with every household in scope that matches f,
// in the list's order (region, code; paging ignored). It reads them with one
// cursor, so memory stays flat whatever their number, and stops at the first
// error of fn or of ctx. With full, the head's ID number and the household's
// phone are decrypted with keys: the caller has checked that the user may
// see them and audits the export. Otherwise they are masked.
func ForEachHousehold(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, f Filter, full bool,
	fn func(Row) error) error {
	if full && keys == nil {
		return errors.New("registry: full numbers need the key")
	}
	cond, args, err := f.conditions(keys, scope)
	if err != nil {
		return err
	}
	secret := "NULL, NULL"
	if full {
		secret = "h.phone_enc, p.id_enc"
	}
	return store.Each(ctx, q, "registry: households", func(rows store.Scanner) error {
		r, err := scanRow(rows, keys, full)
		if err != nil {
			return err
		}
		return fn(r)
	}, `SELECT h.code, h.region_code, h.type, h.members, h.category, h.identified_month,
		h.eliminated, h.eliminated_month, h.risk_types, h.phone_masked, COALESCE(p.name, ''), COALESCE(p.id_masked, ''), `+
		secret+` FROM households h LEFT JOIN persons p ON p.id = (SELECT p2.id FROM persons p2
		WHERE p2.household_id = h.id AND p2.relation = '户主' AND p2.active = 1 ORDER BY p2.id LIMIT 1)
		WHERE `+cond+" "+listOrder, args...)
}

func scanRow(rows store.Scanner, keys *pii.Keys, full bool) (Row, error) {
	var r Row
	var ident, elimMonth sql.NullInt64
	var elim int
	var risks string
	var phoneEnc, idEnc []byte
	if err := rows.Scan(&r.Code, &r.RegionCode, &r.Type, &r.Members, &r.Category, &ident, &elim, &elimMonth, &risks,
		&r.Phone, &r.HeadName, &r.HeadID, &phoneEnc, &idEnc); err != nil {
		return r, err
	}
	r.IdentifiedMonth, r.EliminatedMonth, r.Eliminated = int(ident.Int64), int(elimMonth.Int64), elim == 1
	if r.IdentifiedMonth == 0 {
		r.Category = ""
	}
	if risks != "" {
		r.Risks = strings.Split(risks, ",")
	}
	if !full {
		return r, nil
	}
	var err error
	if r.HeadID, err = decrypt(keys, idEnc); err != nil {
		return r, fmt.Errorf("registry: household %s: head's ID number: %w", r.Code, err)
	}
	if r.Phone, err = decrypt(keys, phoneEnc); err != nil {
		return r, fmt.Errorf("registry: household %s: phone: %w", r.Code, err)
	}
	return r, nil
}

// decrypt opens a stored number; nothing stored is "".
func decrypt(keys *pii.Keys, enc []byte) (string, error) {
	if len(enc) == 0 {
		return "", nil
	}
	return keys.Open(enc)
}
