package monitoring

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/idcard"
	"fangpin/internal/pii"
	regions "fangpin/internal/region" // named so: region is a type of this package
	"fangpin/internal/store"
)

// Cadre is a household's responsible cadre (帮扶责任人) over a period.
type Cadre struct {
	ID, HouseholdID int64
	Region          string
	Name, Unit      string
	PhoneMasked     string // 138****1234; "" when none
	UserID          int64  // the cadre's fangpin account; 0 when none
	StartOn, EndOn  string // EndOn "" while responsible
	CreatedBy       string
	CreatedAt       string
}

// Current reports whether the cadre is the household's responsible cadre now.
func (c Cadre) Current() bool { return c.EndOn == "" }

// CadreInput is a new responsible cadre.
type CadreInput struct {
	Name, Unit, Phone string
	UserID            int64  // optional: the cadre's fangpin account, for 我的帮扶户
	StartOn           string // YYYY-MM-DD
}

// SetCadre makes in the household's responsible cadre from in.StartOn,
// ending the current one the day before (or on its own first day, when it
// started that same day: a correction). A start before the current one's is
// refused. The phone is stored encrypted, indexed and masked.
func SetCadre(ctx context.Context, q store.Querier, scope store.Scope, keys *pii.Keys, by auth.User, householdID int64,
	in CadreInput, now time.Time) (Cadre, error) {
	if err := mayEdit(by, fault.T("设置帮扶责任人", "assign responsible cadres")); err != nil {
		return Cadre{}, err
	}
	start, err := in.check()
	if err != nil {
		return Cadre{}, err
	}
	h, err := findHousehold(ctx, q, scope, householdID)
	if err != nil {
		return Cadre{}, err
	}
	if err := checkCadreUser(ctx, q, in.UserID, h.Region); err != nil {
		return Cadre{}, err
	}
	prev, err := endCurrent(ctx, q, h.ID, start)
	if err != nil {
		return Cadre{}, err
	}
	c := Cadre{HouseholdID: h.ID, Region: h.Region, Name: in.Name, Unit: in.Unit, UserID: in.UserID,
		StartOn: in.StartOn, CreatedBy: by.Username, CreatedAt: store.Stamp(now)}
	var enc []byte
	var idx any
	if in.Phone != "" {
		enc, idx, c.PhoneMasked = keys.Seal(in.Phone), keys.Index(in.Phone), idcard.MaskPhone(in.Phone)
	}
	err = q.QueryRowContext(ctx, `INSERT INTO household_cadres (household_id, county, region_code, name, unit, phone_enc, phone_idx,
		phone_masked, user_id, start_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.HouseholdID, regions.County(h.Region), c.Region, c.Name, c.Unit, enc, idx, c.PhoneMasked, store.NullID(c.UserID), c.StartOn, c.CreatedBy,
		c.CreatedAt).Scan(&c.ID)
	if err != nil {
		return Cadre{}, fmt.Errorf("monitoring: set cadre of household %s: %w", h.Code, err)
	}
	detail := audit.Change(prev.fields(""), c.fields(in.Phone))
	err = audit.Record(ctx, q, audit.Event{Action: "monitoring.cadre.set", Entity: "household",
		EntityID: h.Code, Region: h.Region, Detail: detail})
	if err != nil {
		return Cadre{}, fmt.Errorf("monitoring: set cadre: %w", err)
	}
	return c, nil
}

// fields is what the audit entry compares (the phone masked by audit).
func (c Cadre) fields(phone string) map[string]string {
	if c.Name == "" {
		return map[string]string{}
	}
	if phone == "" {
		phone = c.PhoneMasked
	}
	return map[string]string{"name": c.Name, "unit": c.Unit, "phone": phone, "user_id": itoa(c.UserID),
		"start_on": c.StartOn}
}

// errNoAccount is a cadre's account id that does not exist.
var errNoAccount = fault.Invalidf("user_id", "系统账号不存在", "No such account")

func (in *CadreInput) check() (time.Time, error) {
	in.Name, in.Unit, in.Phone = strings.TrimSpace(in.Name), strings.TrimSpace(in.Unit), strings.TrimSpace(in.Phone)
	if n := utf8.RuneCountInString(in.Name); n == 0 || n > 32 {
		return time.Time{}, fault.Invalidf("name", "请填写帮扶责任人姓名（不超过32个字）", "Give the responsible cadre's name (at most 32 characters)")
	}
	if utf8.RuneCountInString(in.Unit) > 64 {
		return time.Time{}, fault.Invalidf("unit", "工作单位不能超过64个字", "The work unit must not exceed 64 characters")
	}
	if in.Phone != "" {
		if err := idcard.ValidPhone(in.Phone); err != nil {
			return time.Time{}, fault.Invalidf("phone", "联系电话：%v", "Phone: %v", err)
		}
	}
	if in.UserID < 0 {
		return time.Time{}, errNoAccount
	}
	return parseDay("start_on", "帮扶开始日期", in.StartOn)
}

// checkCadreUser accepts no account, or an enabled account whose region
// contains the household's.
func checkCadreUser(ctx context.Context, q store.Querier, userID int64, region string) error {
	if userID == 0 {
		return nil
	}
	var code string
	var disabled int
	err := q.QueryRowContext(ctx, "SELECT region_code, disabled FROM users WHERE id = ?", userID).Scan(&code, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return errNoAccount
	}
	if err != nil {
		return fmt.Errorf("monitoring: cadre's account %d: %w", userID, err)
	}
	if s, err := store.ScopeOf(code); err != nil || disabled == 1 || !s.Contains(region) {
		return fault.Invalidf("user_id", "该系统账号已停用或不负责该户所在地区", "That account is disabled or does not cover the household's region")
	}
	return nil
}

// endCurrent ends the household's current cadre before start and returns it
// (zero when there is none).
func endCurrent(ctx context.Context, q store.Querier, householdID int64, start time.Time) (Cadre, error) {
	var c Cadre
	var user sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT id, name, unit, phone_masked, user_id, start_on FROM household_cadres
		WHERE household_id = ? AND end_on IS NULL`, householdID).Scan(&c.ID, &c.Name, &c.Unit, &c.PhoneMasked, &user, &c.StartOn)
	if errors.Is(err, sql.ErrNoRows) {
		return Cadre{}, nil
	}
	if err != nil {
		return Cadre{}, fmt.Errorf("monitoring: current cadre: %w", err)
	}
	c.UserID = user.Int64
	ps, _ := civil.ParseISO(c.StartOn) // stored by parseDay
	prevStart := ps.UTC()
	if start.Before(prevStart) {
		return Cadre{}, fault.Invalidf("start_on", "帮扶开始日期不能早于现任帮扶责任人的开始日期（%s）", "The start date cannot be before the current cadre's start date (%s)", c.StartOn)
	}
	end := start.AddDate(0, 0, -1)
	if end.Before(prevStart) {
		end = prevStart
	}
	c.EndOn = end.Format(time.DateOnly)
	if _, err := q.ExecContext(ctx, "UPDATE household_cadres SET end_on = ? WHERE id = ?", c.EndOn, c.ID); err != nil {
		return Cadre{}, fmt.Errorf("monitoring: end cadre %d: %w", c.ID, err)
	}
	return c, nil
}
