package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fangpin/internal/region"
	"fangpin/internal/store"
)

// DemoAccount is a created demo login, printed once by serve --demo.
type DemoAccount struct {
	Username string
	Password string
	Role     Role
	Region   string
}

// DemoAccounts creates one demo account per role (demo-admin, demo-city, …)
// under root, a city code, with random strong passwords, and returns them.
// Admin, city, department and viewer get root; county the first county
// under root (by code) that has households; township and village the first
// township and village under that county that have households (the first
// of any when none has). When demo accounts exist already it creates
// nothing and returns nil.
func (s *Service) DemoAccounts(ctx context.Context, root string) ([]DemoAccount, error) {
	regions, err := s.demoRegions(ctx, root)
	if err != nil {
		return nil, err
	}
	if n, err := s.demoCount(ctx); err != nil || n > 0 {
		return nil, err
	}
	var accts []DemoAccount
	var users []NewUser
	for _, r := range Roles() {
		a := DemoAccount{Username: "demo-" + string(r), Password: demoPassword(), Role: r, Region: regions[r]}
		accts = append(accts, a)
		users = append(users, NewUser{Username: a.Username, DisplayName: "演示-" + r.Label(), Role: r,
			Region: a.Region, Password: a.Password, Demo: true})
	}
	if err := s.createAll(ctx, users); err != nil {
		return nil, fmt.Errorf("auth: demo accounts: %w", err)
	}
	return accts, nil
}

func (s *Service) demoCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM users WHERE demo = 1").Scan(&n); err != nil {
		return 0, fmt.Errorf("auth: count demo accounts: %w", err)
	}
	return n, nil
}

// createAll validates and hashes every user, then inserts them in one
// transaction.
func (s *Service) createAll(ctx context.Context, users []NewUser) error {
	hashes := make([]string, len(users))
	for i := range users {
		if err := s.validate(ctx, &users[i]); err != nil {
			return fmt.Errorf("%s: %w", users[i].Username, err)
		}
		h, err := s.hash(ctx, users[i].Password)
		if err != nil {
			return err
		}
		hashes[i] = h
	}
	return s.db.Transact(ctx, func(tx *store.Tx) error {
		for i, nu := range users {
			if _, err := s.insertUser(ctx, tx, nu, hashes[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// demoPassword returns a random password that passes CheckPassword:
// four groups of five characters, e.g. Kx7pQ-2mWdz-…
func demoPassword() string {
	for {
		t := randomToken(15)
		p := t[0:5] + "-" + t[5:10] + "-" + t[10:15] + "-" + t[15:20]
		if CheckPassword(p, "") == nil && charClasses(strings.ReplaceAll(p, "-", "")) >= 3 {
			return p
		}
	}
}

// demoRegions picks the region of every demo role under root.
func (s *Service) demoRegions(ctx context.Context, root string) (map[Role]string, error) {
	q := s.db.Reader()
	if err := checkRegion(ctx, q, root); err != nil {
		return nil, fmt.Errorf("auth: demo root: %w", err)
	}
	county, err := firstPopulated(ctx, q, root, region.LevelCounty)
	if err != nil {
		return nil, err
	}
	township, err := firstPopulated(ctx, q, county, region.LevelTownship)
	if err != nil {
		return nil, err
	}
	village, err := firstPopulated(ctx, q, township, region.LevelVillage)
	if err != nil {
		return nil, err
	}
	return map[Role]string{RoleAdmin: root, RoleCity: root, RoleCounty: county, RoleTownship: township,
		RoleVillage: village, RoleDepartment: root, RoleViewer: root}, nil
}

// firstPopulated returns the first region (by code) of the level under
// parent that has households; the first of the level when none has; parent
// itself when there is no region of that level under it.
func firstPopulated(ctx context.Context, q store.Querier, parent string, level int) (string, error) {
	scope, err := store.ScopeOf(parent)
	if err != nil {
		return "", err
	}
	lo, hi, err := scope.Range()
	if err != nil {
		return "", err
	}
	codes, err := regionCodes(ctx, q, lo, hi, level)
	if err != nil || len(codes) == 0 {
		return parent, err
	}
	for _, c := range codes {
		ok, err := hasHouseholds(ctx, q, c)
		if err != nil || ok {
			return c, err
		}
	}
	return codes[0], nil
}

func regionCodes(ctx context.Context, q store.Querier, lo, hi string, level int) ([]string, error) {
	return store.Values[string](ctx, q, "auth: regions under "+lo,
		"SELECT code FROM regions WHERE code >= ? AND code < ? AND level = ? ORDER BY code", lo, hi, level)
}

func hasHouseholds(ctx context.Context, q store.Querier, code string) (bool, error) {
	scope, err := store.ScopeOf(code)
	if err != nil {
		return false, err
	}
	where, args, err := scope.Where("region_code")
	if err != nil {
		return false, err
	}
	var one int
	err = q.QueryRowContext(ctx, "SELECT 1 FROM households WHERE "+where+" LIMIT 1", args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("auth: households under %s: %w", code, err)
	}
	return true, nil
}
