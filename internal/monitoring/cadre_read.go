package monitoring

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/pii"
	"fangpin/internal/store"
)

const cadreCols = "c.id, c.household_id, c.region_code, c.name, c.unit, c.phone_masked, c.user_id, c.start_on, c.end_on, " +
	"c.created_by, c.created_at"

func scanCadre(s store.Scanner) (Cadre, error) {
	var c Cadre
	var user sql.NullInt64
	var end sql.NullString
	err := s.Scan(&c.ID, &c.HouseholdID, &c.Region, &c.Name, &c.Unit, &c.PhoneMasked, &user, &c.StartOn, &end,
		&c.CreatedBy, &c.CreatedAt)
	c.UserID, c.EndOn = user.Int64, end.String
	return c, err
}

// Cadres returns a household's responsible cadres, the latest first: the
// first is the current one when its EndOn is "".
func Cadres(ctx context.Context, q store.Querier, scope store.Scope, householdID int64) ([]Cadre, error) {
	where, args, err := scope.Where("c.region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, fmt.Sprintf("monitoring: cadres of household %d", householdID), scanCadre, "SELECT "+cadreCols+" FROM household_cadres c WHERE c.household_id = ? AND "+where+
		" ORDER BY c.start_on DESC, c.id DESC", append([]any{householdID}, args...)...)
}

// CadrePhone decrypts a cadre's phone number for a user whose role may see
// full numbers, and audits the view.
func CadrePhone(ctx context.Context, q store.Querier, scope store.Scope, keys *pii.Keys, by auth.User,
	cadreID int64) (string, error) {
	if !by.Can(auth.PermRevealPII) {
		return "", forbidden(by.Role, fault.T("查看完整电话号码", "see full phone numbers"))
	}
	where, args, err := scope.Where("region_code")
	if err != nil {
		return "", err
	}
	var enc []byte
	var region, name string
	err = q.QueryRowContext(ctx, "SELECT phone_enc, region_code, name FROM household_cadres WHERE id = ? AND "+where,
		append([]any{cadreID}, args...)...).Scan(&enc, &region, &name)
	if errors.Is(err, sql.ErrNoRows) || err == nil && len(enc) == 0 { // no cadre, or one without a phone
		return "", fmt.Errorf("monitoring: phone of cadre %d: %w", cadreID, store.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("monitoring: phone of cadre %d: %w", cadreID, err)
	}
	phone, err := keys.Open(enc)
	if err != nil {
		return "", fmt.Errorf("monitoring: cadre %d phone: %w", cadreID, err)
	}
	err = audit.Record(ctx, q, audit.Event{Action: "monitoring.cadre.view_phone", Entity: "household_cadre",
		EntityID: itoa(cadreID), Region: region, Detail: map[string]string{"name": name}})
	if err != nil {
		return "", fmt.Errorf("monitoring: cadre %d phone: %w", cadreID, err)
	}
	return phone, nil
}

// EndCadre ends the household's current responsible cadre on endOn (the
// last day responsible), e.g. when the household leaves monitoring. A
// household without one is store.ErrNotFound.
func EndCadre(ctx context.Context, q store.Querier, scope store.Scope, by auth.User, householdID int64, endOn string,
	now time.Time) error {
	if err := mayEdit(by, fault.T("结束帮扶责任人", "end a responsible cadre")); err != nil {
		return err
	}
	end, err := parseDay("end_on", "帮扶结束日期", endOn)
	if err != nil {
		return err
	}
	h, err := findHousehold(ctx, q, scope, householdID)
	if err != nil {
		return err
	}
	var id int64
	var start string
	err = q.QueryRowContext(ctx, "SELECT id, start_on FROM household_cadres WHERE household_id = ? AND end_on IS NULL",
		h.ID).Scan(&id, &start)
	if err = store.Found(err, fmt.Sprintf("monitoring: current cadre of household %s", h.Code)); err != nil {
		return err
	}
	if end.Format(time.DateOnly) < start {
		return fault.Invalidf("end_on", "帮扶结束日期不能早于开始日期（%s）", "The end date cannot be before the start date (%s)", start)
	}
	if _, err := q.ExecContext(ctx, "UPDATE household_cadres SET end_on = ? WHERE id = ?", endOn, id); err != nil {
		return fmt.Errorf("monitoring: end cadre %d: %w", id, err)
	}
	return audit.Record(ctx, q, audit.Event{Action: "monitoring.cadre.end", Entity: "household",
		EntityID: h.Code, Region: h.Region, Detail: map[string]string{"end_on": endOn}})
}

// MyHousehold is a household whose current responsible cadre is a user.
type MyHousehold struct {
	ID                 int64
	Code, Region       string
	HeadName, Category string
	Members            int
	IdentifiedMonth    int // YYYYMM; 0 when never identified
	Eliminated         bool
	CadreSince         string
}

// MyHouseholds lists the households of the scope whose current responsible
// cadre is the user (我的帮扶户), by region and code.
func MyHouseholds(ctx context.Context, q store.Querier, scope store.Scope, userID int64) ([]MyHousehold, error) {
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, fmt.Sprintf("monitoring: households of cadre %d", userID), func(rows store.Scanner) (MyHousehold, error) {
		var m MyHousehold
		var ident sql.NullInt64
		var elim int
		if err := rows.Scan(&m.ID, &m.Code, &m.Region, &m.HeadName, &m.Category, &m.Members, &ident, &elim,
			&m.CadreSince); err != nil {
			return m, err
		}
		m.IdentifiedMonth, m.Eliminated = int(ident.Int64), elim == 1
		return m, nil
	}, `SELECT h.id, h.code, h.region_code, COALESCE((SELECT p.name FROM persons p
		WHERE p.household_id = h.id AND p.active = 1 AND p.relation = '户主' LIMIT 1), ''), h.category, h.members,
		h.identified_month, h.eliminated, c.start_on FROM household_cadres c JOIN households h ON h.id = c.household_id
		WHERE c.user_id = ? AND c.end_on IS NULL AND `+where+" ORDER BY h.region_code, h.code",
		append([]any{userID}, args...)...)
}
