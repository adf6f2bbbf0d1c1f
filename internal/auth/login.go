package auth

import (
	"context"
	"errors"

	"fangpin/internal/store"
)

// Authenticate checks a username and password from the client address ip
// ("" when there is none, as on the command line).
//
// Every failure — unknown user, wrong password, disabled user — is
// ErrBadCredentials, and each costs one argon2 run (unknown users are checked
// against a dummy hash), so neither the text nor the time tells whether an
// account exists. After too many failures the account name or the address is
// locked (Limits) and the answer is a RateLimited *fault.Error (code "throttled") with the
// wait in RetryAfter, for unknown names too.
// A success clears the account's failures.
func (s *Service) Authenticate(ctx context.Context, username, password, ip string) (User, error) {
	keys := s.throttle.keys(username, ip)
	if wait := s.throttle.locked(s.now(), keys); wait > 0 {
		return User{}, throttled(wait)
	}
	u, ok, err := s.check(ctx, username, password)
	if err != nil {
		return User{}, err
	}
	if !ok {
		if wait := s.throttle.fail(s.now(), keys); wait > 0 {
			return User{}, throttled(wait)
		}
		return User{}, ErrBadCredentials
	}
	s.throttle.reset(username)
	return u, nil
}

// check runs exactly one password verification whatever the user's state,
// and reports whether the login is good.
func (s *Service) check(ctx context.Context, username, password string) (User, bool, error) {
	u, hash, err := s.findWithHash(ctx, username)
	found := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return User{}, false, err
	}
	if !found {
		hash = s.dummyHash()
	}
	match, err := s.verify(ctx, hash, password)
	if err != nil {
		return User{}, false, err
	}
	return u, found && match && !u.Disabled, nil
}
