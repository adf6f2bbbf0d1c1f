package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/regcode"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// User is a staff account.
type User struct {
	ID          int64
	Username    string
	DisplayName string
	Role        Role
	Region      string // 12-digit region code
	Disabled    bool
	Demo        bool   // created by serve --demo; the UI marks it
	CreatedAt   string // UTC RFC 3339
}

// Scope is the region the user may see and change: the significant prefix of
// their region code, for every role including admin (an admin of a province
// sees that province). A user with a malformed region code gets the zero
// Scope, which every scoped store call refuses.
func (u User) Scope() store.Scope {
	s, err := store.ScopeOf(u.Region)
	if err != nil {
		return store.Scope{}
	}
	return s
}

// Can reports whether the user's role holds the permission; a disabled user
// holds none.
func (u User) Can(p Permission) bool { return !u.Disabled && u.Role.Can(p) }

// Actor is the user as the audit log names them, acting from address ip
// ("" when unknown): put into the context with audit.WithActor.
func (u User) Actor(ip string) audit.Actor {
	return audit.Actor{UserID: u.ID, Username: u.Username, Role: string(u.Role), IP: ip}
}

// NewUser is the input of CreateUser.
type NewUser struct {
	Username    string
	DisplayName string
	Role        Role
	Region      string
	Password    string
	Demo        bool
}

// NormalizeUsername is how usernames are stored and looked up: trimmed and
// lower-cased, so Zhang and zhang are one account.
func NormalizeUsername(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// checkUsername: 2–32 characters, each a letter a–z, a Chinese character, a
// digit, or one of _ . -
func checkUsername(name string) error {
	if n := utf8.RuneCountInString(name); n < 2 || n > 32 {
		return fault.Invalidf("username", "用户名应为2到32个字符", "The username must have 2 to 32 characters")
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-' ||
			unicode.Is(unicode.Han, r)
		if !ok {
			return fault.Invalidf("username", "用户名只能包含字母、汉字、数字和 _ . -，不能包含%q", "The username may hold letters, Chinese characters, digits and _ . - only, not %q", r)
		}
	}
	return nil
}

func checkDisplayName(name string) error {
	if utf8.RuneCountInString(name) > 64 {
		return fault.Invalidf("display_name", "姓名不能超过64个字符", "The name must not exceed 64 characters")
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return fault.Invalidf("display_name", "姓名不能包含控制字符", "The name must not contain control characters")
		}
	}
	return nil
}

// checkRegion: 12 digits, not all zeros, and present in the regions table.
func checkRegion(ctx context.Context, q store.Querier, code string) error {
	if !regcode.Valid(code) {
		return fault.Invalidf("region", "区划代码 %q 应为12位数字", "The region code %q must have 12 digits", code)
	}
	_, err := region.Find(ctx, q, code)
	if errors.Is(err, store.ErrNotFound) {
		return fault.Invalidf("region", "区划代码 %s 不存在（请先导入区划）", "The region code %s does not exist (import the regions first)", code)
	}
	return err
}

// validate normalizes nu and checks every field but uniqueness.
func (s *Service) validate(ctx context.Context, nu *NewUser) error {
	nu.Username = NormalizeUsername(nu.Username)
	nu.DisplayName = strings.TrimSpace(nu.DisplayName)
	if err := checkUsername(nu.Username); err != nil {
		return err
	}
	if err := checkDisplayName(nu.DisplayName); err != nil {
		return err
	}
	if !nu.Role.Valid() {
		return fault.Invalidf("role", "未知角色 %q", "Unknown role %q", nu.Role)
	}
	if err := checkRegion(ctx, s.db.Reader(), nu.Region); err != nil {
		return err
	}
	return CheckPassword(nu.Password, nu.Username)
}

// CreateUser validates nu, hashes the password and stores the user. Invalid
// fields give an Invalid *fault.Error; a taken username wraps ErrUsernameTaken.
func (s *Service) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	if err := s.validate(ctx, &nu); err != nil {
		return User{}, err
	}
	h, err := s.hash(ctx, nu.Password)
	if err != nil {
		return User{}, err
	}
	return s.insertUser(ctx, s.db.Writer(), nu, h)
}

func (s *Service) insertUser(ctx context.Context, q store.Querier, nu NewUser, hash string) (User, error) {
	now := store.Stamp(s.clock())
	u := User{Username: nu.Username, DisplayName: nu.DisplayName, Role: nu.Role, Region: nu.Region,
		Demo: nu.Demo, CreatedAt: now}
	err := q.QueryRowContext(ctx, `INSERT INTO users (username, display_name, role, region_code, password_hash,
		disabled, demo, created_at, updated_at, password_changed_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?) RETURNING id`,
		u.Username, u.DisplayName, string(u.Role), u.Region, hash, boolInt(u.Demo), now, now, now).Scan(&u.ID)
	if store.IsUniqueViolation(err) {
		return User{}, fmt.Errorf("%w：%s", ErrUsernameTaken, u.Username)
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: create user %s: %w", u.Username, err)
	}
	return u, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const userColumns = "u.id, u.username, u.display_name, u.role, u.region_code, u.disabled, u.demo, u.created_at"

// scanUser reads userColumns, then extra destinations.
func scanUser(sc store.Scanner, extra ...any) (User, error) {
	var u User
	var role string
	var disabled, demo int
	dest := append([]any{&u.ID, &u.Username, &u.DisplayName, &role, &u.Region, &disabled, &demo, &u.CreatedAt}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return User{}, err
	}
	u.Role, u.Disabled, u.Demo = Role(role), disabled != 0, demo != 0
	return u, nil
}

// ListUsers returns every user, ordered by username.
func (s *Service) ListUsers(ctx context.Context) ([]User, error) {
	return store.Collect(ctx, s.db.Reader(), "auth: list users", func(r store.Scanner) (User, error) { return scanUser(r) },
		"SELECT "+userColumns+" FROM users u ORDER BY u.username")
}

// FindUser returns the user with that name; the error wraps store.ErrNotFound
// when there is none.
func (s *Service) FindUser(ctx context.Context, username string) (User, error) {
	u, _, err := s.findWithHash(ctx, username)
	return u, err
}

// findWithHash returns the user and their password hash.
func (s *Service) findWithHash(ctx context.Context, username string) (User, string, error) {
	name := NormalizeUsername(username)
	var hash string
	row := s.db.Reader().QueryRowContext(ctx, "SELECT "+userColumns+", u.password_hash FROM users u WHERE u.username = ?", name)
	u, err := scanUser(row, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, "", fmt.Errorf("auth: user %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return User{}, "", fmt.Errorf("auth: find user %s: %w", name, err)
	}
	return u, hash, nil
}

// UserCount returns the number of users, disabled ones included.
func (s *Service) UserCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("auth: count users: %w", err)
	}
	return n, nil
}
