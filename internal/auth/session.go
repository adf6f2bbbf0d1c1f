package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fangpin/internal/store"
)

// Session is a logged-in browser (or API login).
type Session struct {
	Token      string // the cookie value; only StartSession returns it, the database keeps its SHA-256
	CSRF       string // the form token of this session
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end; the session also ends after the idle timeout
	IP         string
	UserAgent  string
}

// StartSession creates a session for a user who just authenticated. Its
// token never starts with TokenPrefix, so a bearer token's prefix tells an
// API token from a session token (POST /api/v1/login).
func (s *Service) StartSession(ctx context.Context, u User, ip, userAgent string) (Session, error) {
	if u.ID == 0 || u.Disabled {
		return Session{}, ErrNoSession
	}
	token := randomToken(32)
	for strings.HasPrefix(token, TokenPrefix) {
		token = randomToken(32)
	}
	now := s.clock()
	ss := Session{Token: token, CSRF: randomToken(32), UserID: u.ID, CreatedAt: now,
		LastSeenAt: now, ExpiresAt: now.Add(s.lifetime), IP: ip, UserAgent: clip(userAgent, 256)}
	_, err := s.db.Writer().ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen_at,
		expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, digest(ss.Token), ss.UserID, ss.CSRF,
		store.Stamp(now), store.Stamp(now), store.Stamp(ss.ExpiresAt), ss.IP, ss.UserAgent)
	if err != nil {
		return Session{}, fmt.Errorf("auth: start session: %w", err)
	}
	return ss, nil
}

// clip shortens s to at most n bytes, on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// SessionFromToken returns the user and session of a cookie token. Unknown
// tokens, sessions past their absolute end or idle longer than the idle
// timeout, and disabled users give ErrNoSession (the Token field of the
// returned Session is empty). last_seen_at is written at most once a minute,
// so the idle timeout is exact to a minute.
func (s *Service) SessionFromToken(ctx context.Context, token string) (User, Session, error) {
	if token == "" {
		return User{}, Session{}, ErrNoSession
	}
	u, ss, err := s.loadSession(ctx, digest(token))
	if err != nil {
		return User{}, Session{}, err
	}
	now := s.clock()
	if !now.Before(ss.ExpiresAt) || now.Sub(ss.LastSeenAt) > s.idle {
		// best effort: PruneSessions removes it otherwise
		s.db.Writer().ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = ?", digest(token))
		return User{}, Session{}, ErrNoSession
	}
	if u.Disabled {
		return User{}, Session{}, ErrNoSession
	}
	if now.Sub(ss.LastSeenAt) >= touchInterval {
		if err := s.touchSession(ctx, digest(token), now); err != nil {
			return User{}, Session{}, err
		}
		ss.LastSeenAt = now
	}
	return u, ss, nil
}

func (s *Service) loadSession(ctx context.Context, idHash string) (User, Session, error) {
	var ss Session
	var created, seen, expires string
	row := s.db.Reader().QueryRowContext(ctx, "SELECT "+userColumns+`, s.csrf, s.created_at, s.last_seen_at,
		s.expires_at, s.ip, s.user_agent FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`, idHash)
	u, err := scanUser(row, &ss.CSRF, &created, &seen, &expires, &ss.IP, &ss.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, Session{}, ErrNoSession
	}
	if err != nil {
		return User{}, Session{}, fmt.Errorf("auth: load session: %w", err)
	}
	ss.UserID = u.ID
	var errs [3]error
	ss.CreatedAt, errs[0] = parseStamp(created)
	ss.LastSeenAt, errs[1] = parseStamp(seen)
	ss.ExpiresAt, errs[2] = parseStamp(expires)
	if err := errors.Join(errs[:]...); err != nil {
		return User{}, Session{}, fmt.Errorf("auth: load session: %w", err)
	}
	return u, ss, nil
}

func (s *Service) touchSession(ctx context.Context, idHash string, now time.Time) error {
	_, err := s.db.Writer().ExecContext(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", store.Stamp(now), idHash)
	if err != nil {
		return fmt.Errorf("auth: touch session: %w", err)
	}
	return nil
}

// EndSession deletes the session of a token (logout); an unknown token is
// not an error.
func (s *Service) EndSession(ctx context.Context, token string) error {
	_, err := s.db.Writer().ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = ?", digest(token))
	if err != nil {
		return fmt.Errorf("auth: end session: %w", err)
	}
	return nil
}

// PruneSessions deletes sessions past their absolute end or idle longer than
// the idle timeout, and returns how many.
func (s *Service) PruneSessions(ctx context.Context) (int64, error) {
	now := s.clock()
	res, err := s.db.Writer().ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?",
		store.Stamp(now), store.Stamp(now.Add(-s.idle)))
	if err != nil {
		return 0, fmt.Errorf("auth: prune sessions: %w", err)
	}
	return res.RowsAffected()
}
