package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// TokenPrefix starts every API token, so a leaked one is easy to recognise
// (secret scanners, logs).
const TokenPrefix = "fp_"

// Token describes an API token; the token itself is shown once, by
// CreateToken, and only its SHA-256 is stored.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  string // UTC RFC 3339
	LastUsedAt string // "" when never used
	ExpiresAt  string // "" when it does not expire
	RevokedAt  string // "" while valid
}

// Active reports whether the token is neither revoked nor expired at now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt == "" && (t.ExpiresAt == "" || store.Stamp(now) < t.ExpiresAt)
}

// CreateToken creates an API token for the user and returns it; this is the
// only time it is visible. The error wraps store.ErrNotFound for an unknown
// user and ErrDisabled for a disabled one.
func (s *Service) CreateToken(ctx context.Context, username, name string) (string, error) {
	u, err := s.FindUser(ctx, username)
	if err != nil {
		return "", err
	}
	if u.Disabled {
		return "", fmt.Errorf("%w：%s", ErrDisabled, u.Username)
	}
	if utf8.RuneCountInString(name) > 64 {
		return "", fault.Invalidf("name", "令牌名称不能超过64个字符", "The token name must not exceed 64 characters")
	}
	plain := TokenPrefix + randomToken(32)
	_, err = s.db.Writer().ExecContext(ctx, "INSERT INTO api_tokens (user_id, token_hash, name, created_at) VALUES (?, ?, ?, ?)",
		u.ID, digest(plain), strings.TrimSpace(name), store.Stamp(s.clock()))
	if err != nil {
		return "", fmt.Errorf("auth: create token for %s: %w", u.Username, err)
	}
	return plain, nil
}

const tokenColumns = "t.id, t.user_id, t.name, t.created_at, COALESCE(t.last_used_at, ''), COALESCE(t.expires_at, ''), COALESCE(t.revoked_at, '')"

func tokenDest(t *Token) []any {
	return []any{&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &t.LastUsedAt, &t.ExpiresAt, &t.RevokedAt}
}

// UserFromToken returns the user of an API token (Authorization: Bearer).
// Unknown, revoked and expired tokens and disabled users give ErrBadToken.
// last_used_at is written at most once a minute.
func (s *Service) UserFromToken(ctx context.Context, plain string) (User, error) {
	if !strings.HasPrefix(plain, TokenPrefix) {
		return User{}, ErrBadToken
	}
	var t Token
	row := s.db.Reader().QueryRowContext(ctx, "SELECT "+userColumns+", "+tokenColumns+
		" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?", digest(plain))
	u, err := scanUser(row, tokenDest(&t)...)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrBadToken
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: look up token: %w", err)
	}
	now := s.clock()
	if !t.Active(now) || u.Disabled {
		return User{}, ErrBadToken
	}
	if err := s.touchToken(ctx, t, now); err != nil {
		return User{}, err
	}
	return u, nil
}

func (s *Service) touchToken(ctx context.Context, t Token, now time.Time) error {
	if last, err := parseStamp(t.LastUsedAt); err == nil && now.Sub(last) < touchInterval {
		return nil
	}
	if _, err := s.db.Writer().ExecContext(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", store.Stamp(now), t.ID); err != nil {
		return fmt.Errorf("auth: touch token %d: %w", t.ID, err)
	}
	return nil
}

// ListTokens returns the user's tokens, revoked ones included, oldest first.
func (s *Service) ListTokens(ctx context.Context, username string) ([]Token, error) {
	u, err := s.FindUser(ctx, username)
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, s.db.Reader(), fmt.Sprintf("auth: list tokens of %s", u.Username), func(rows store.Scanner) (Token, error) {
		var t Token
		err := rows.Scan(tokenDest(&t)...)
		return t, err
	}, "SELECT "+tokenColumns+" FROM api_tokens t WHERE t.user_id = ? ORDER BY t.id", u.ID)
}

// RevokeToken revokes a token by id; revoking twice is not an error. The
// error wraps store.ErrNotFound for an unknown id.
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	res, err := s.db.Writer().ExecContext(ctx, "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
		store.Stamp(s.clock()), id)
	if err != nil {
		return fmt.Errorf("auth: revoke token %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("auth: revoke token %d: %w", id, err)
	} else if n == 0 {
		return fmt.Errorf("auth: token %d: %w", id, store.ErrNotFound)
	}
	return nil
}
