package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fangpin/internal/idcard"
	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// The answers of FindMember for a row that names nobody: a blank number,
// and one answer alike for a number not registered and one outside the
// scope (import files show these messages as a row's problem).
var (
	ErrNoMember = errors.New("未找到此证件号码的在册人员")
	ErrNoID     = errors.New("证件号码为空")
)

// Member is a current member found by ID number: the person, their
// household and its village.
type Member struct {
	PersonID, HouseholdID int64
	Region                string
}

// FindMember finds the current member of a household of scope with the ID
// number id, by its keyed index (nothing is decrypted).
func FindMember(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, id string) (Member, error) {
	var m Member
	id = idcard.Normalize(id)
	if id == "" {
		return m, ErrNoID
	}
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return m, err
	}
	err = q.QueryRowContext(ctx, `SELECT p.id, p.household_id, h.region_code FROM persons p JOIN households h ON h.id = p.household_id
		WHERE p.id_idx = ? AND p.active = 1 AND `+where, append([]any{keys.Index(id)}, args...)...).Scan(&m.PersonID, &m.HouseholdID, &m.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNoMember
	}
	if err != nil {
		return m, fmt.Errorf("registry: member by ID number: %w", err)
	}
	return m, nil
}
