package auth

import (
	"context"
	"runtime"
	"sync"
	"time"

	"fangpin/internal/store"
)

// Service manages users, logins, sessions and API tokens in the database.
// It is safe for concurrent use; the login throttle lives in its memory.
type Service struct {
	db       *store.DB
	now      func() time.Time
	idle     time.Duration // a session ends after this long without a request
	lifetime time.Duration // and this long after login, whatever happens
	params   HashParams
	limits   Limits
	throttle *throttle

	hashSlots chan struct{} // bounds concurrent argon2 runs (memory)
	dummyOnce sync.Once
	dummy     string // a hash verified for unknown users, so they cost the same
	onHash    func() // test hook: called on every argon2 run
}

// Defaults of a Service.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultSessionLifetime = 12 * time.Hour
	// touchInterval: last_seen_at and last_used_at are written at most this
	// often, not on every request.
	touchInterval = time.Minute
)

// Option configures a Service.
type Option func(*Service)

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithSessionLifetime sets the idle timeout and the absolute lifetime of
// sessions (defaults 30 minutes and 12 hours).
func WithSessionLifetime(idle, absolute time.Duration) Option {
	return func(s *Service) { s.idle, s.lifetime = idle, absolute }
}

// WithHashParams sets the argon2id cost of new hashes (tests use a cheap
// one). Existing hashes are verified with the parameters stored in them.
func WithHashParams(p HashParams) Option { return func(s *Service) { s.params = p } }

// WithLimits sets the login throttle (default DefaultLimits).
func WithLimits(l Limits) Option { return func(s *Service) { s.limits = l } }

// NewService returns a Service on db.
func NewService(db *store.DB, opts ...Option) *Service {
	s := &Service{
		db:        db,
		now:       time.Now,
		idle:      DefaultIdleTimeout,
		lifetime:  DefaultSessionLifetime,
		params:    DefaultHashParams,
		limits:    DefaultLimits,
		hashSlots: make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
	for _, o := range opts {
		o(s)
	}
	s.throttle = newThrottle(s.limits)
	return s
}

// clock is the current time in UTC, truncated to the second like the stored
// timestamps.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

// parseStamp reads a stored timestamp.
func parseStamp(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }

// hash computes a new password hash, waiting for a free hashing slot.
func (s *Service) hash(ctx context.Context, password string) (string, error) {
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer s.release()
	return hashPassword(password, s.params), nil
}

// verify checks password against a stored hash, waiting for a free slot.
func (s *Service) verify(ctx context.Context, encoded, password string) (bool, error) {
	if err := s.acquire(ctx); err != nil {
		return false, err
	}
	defer s.release()
	return verifyPassword(encoded, password)
}

func (s *Service) acquire(ctx context.Context) error {
	select {
	case s.hashSlots <- struct{}{}:
		if s.onHash != nil {
			s.onHash()
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Service) release() { <-s.hashSlots }

// dummyHash is a well-formed hash with the current parameters and a random
// key that no password matches; Authenticate verifies unknown users against
// it, so they cost one argon2 run like everyone else. Built once, without
// running argon2.
func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		s.dummy = encodePHC(s.params, randomBytes(saltLen), randomBytes(keyLen))
	})
	return s.dummy
}
