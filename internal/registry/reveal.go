package registry

import (
	"context"
	"fmt"

	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// Revealed is the full personal data of one person, for a permitted user who
// asked to see it; the caller audits the view.
type Revealed struct {
	PersonID   int64
	Household  string // household code
	RegionCode string
	IDNumber   string
	Phone      string
}

// RevealPerson decrypts the ID and phone number of a current or former
// member of household code in scope. A person outside the scope, or not in
// that household, is ErrNotFound.
func RevealPerson(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, code string, personID int64) (*Revealed, error) {
	where, args, err := scope.Where("p.region_code")
	if err != nil {
		return nil, err
	}
	var idEnc, phoneEnc []byte
	r := &Revealed{PersonID: personID, Household: code}
	err = q.QueryRowContext(ctx, `SELECT p.region_code, p.id_enc, p.phone_enc FROM persons p
		JOIN households h ON h.id = p.household_id WHERE p.id = ? AND h.code = ? AND `+where,
		append([]any{personID, code}, args...)...).Scan(&r.RegionCode, &idEnc, &phoneEnc)
	if err = store.Found(err, fmt.Sprintf("registry: person %d", personID)); err != nil {
		return nil, err
	}
	if r.IDNumber, err = keys.Open(idEnc); err != nil {
		return nil, err
	}
	if len(phoneEnc) > 0 {
		if r.Phone, err = keys.Open(phoneEnc); err != nil {
			return nil, err
		}
	}
	return r, nil
}
