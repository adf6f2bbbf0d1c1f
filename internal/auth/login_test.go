package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fangpin/internal/fault"
	"fangpin/internal/testkit"
)

func TestAuthenticate(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		f.user(t, "wang", RoleTownship, testkit.Township)
		f.user(t, "zhao", RoleVillage, testkit.VillageA)
		wantErr(t, "disable", f.DisableUser(ctx, "zhao"), nil)
		tests := []struct {
			name, user, pass string
			want             error
		}{
			{"success", "wang", goodPass, nil},
			{"name in other case", " Wang ", goodPass, nil},
			{"wrong password", "wang", "Gansu-Jinchang-7y", ErrBadCredentials},
			{"empty password", "wang", "", ErrBadCredentials},
			{"unknown user", "nobody", goodPass, ErrBadCredentials},
			{"disabled user", "zhao", goodPass, ErrBadCredentials},
		}
		for _, tt := range tests {
			before := f.hashes.Load()
			u, err := f.Authenticate(ctx, tt.user, tt.pass, "10.0.0.1")
			wantErr(t, tt.name, err, tt.want)
			if err != nil && err.Error() != "用户名或密码错误" {
				t.Errorf("%s: message %q", tt.name, err)
			}
			if tt.want == nil && u.Username != "wang" {
				t.Errorf("%s: user %+v", tt.name, u)
			}
			// the same work whether or not the account exists
			if n := f.hashes.Load() - before; n != 1 {
				t.Errorf("%s: %d argon2 runs, want 1", tt.name, n)
			}
		}
	})
}

// TestDummyHashCost: an unknown user is verified against a hash with the
// service's own parameters, so it costs what a real one does.
func TestDummyHashCost(t *testing.T) {
	s := NewService(nil, WithHashParams(HashParams{Time: 3, Memory: 128, Threads: 2}))
	h, err := parsePHC(s.dummyHash())
	if err != nil || h.params != s.params || len(h.key) != keyLen {
		t.Fatalf("dummy hash %+v, %v", h, err)
	}
	if s.dummyHash() != s.dummyHash() {
		t.Error("dummy hash not computed once")
	}
}

func TestThrottleAccount(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		f.user(t, "wang", RoleTownship, testkit.Township)
		for _, name := range []string{"wang", "nobody"} {
			for i := 1; i <= 4; i++ { // from different addresses: only the account counts
				_, err := f.Authenticate(ctx, name, "wrong", fmt.Sprintf("10.0.0.%d", i))
				wantErr(t, name+" failure", err, ErrBadCredentials)
			}
			_, err := f.Authenticate(ctx, name, "wrong", "10.0.1.1")
			wantThrottled(t, name+" 5th failure", err, 15*time.Minute)
			f.clock.Advance(5 * time.Minute)
			before := f.hashes.Load()
			_, err = f.Authenticate(ctx, strings.ToUpper(name), goodPass, "10.0.1.2")
			wantThrottled(t, name+" locked, right password", err, 10*time.Minute)
			if f.hashes.Load() != before {
				t.Errorf("%s: a locked attempt ran argon2", name)
			}
		}
		f.clock.Advance(10 * time.Minute)
		if _, err := f.Authenticate(ctx, "wang", goodPass, "10.0.1.3"); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
	})
}

func TestThrottleResetOnSuccess(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		f.user(t, "wang", RoleTownship, testkit.Township)
		for round := 0; round < 3; round++ {
			for i := 0; i < 4; i++ {
				_, err := f.Authenticate(ctx, "wang", "wrong", "")
				wantErr(t, "failure", err, ErrBadCredentials)
			}
			if _, err := f.Authenticate(ctx, "wang", goodPass, ""); err != nil {
				t.Fatalf("round %d: success after 4 failures: %v", round, err)
			}
		}
		// failures older than the window are forgotten
		for i := 0; i < 4; i++ {
			f.Authenticate(ctx, "wang", "wrong", "")
			f.clock.Advance(5 * time.Minute)
		}
		if _, err := f.Authenticate(ctx, "wang", "wrong", ""); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("5th failure spread over 20 minutes: %v", err)
		}
	})
}

func TestThrottleIP(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		f.user(t, "wang", RoleTownship, testkit.Township)
		const ip = "192.0.2.7"
		for i := 1; i < 20; i++ { // 19 names, 1 failure each
			_, err := f.Authenticate(ctx, fmt.Sprintf("user%d", i), "wrong", ip)
			wantErr(t, "failure", err, ErrBadCredentials)
		}
		_, err := f.Authenticate(ctx, "userz", "wrong", ip)
		wantThrottled(t, "20th failure", err, 15*time.Minute)
		_, err = f.Authenticate(ctx, "wang", goodPass, ip)
		wantThrottled(t, "good login from a locked address", err, 15*time.Minute)
		if _, err := f.Authenticate(ctx, "wang", goodPass, "192.0.2.8"); err != nil {
			t.Errorf("another address: %v", err)
		}
		f.clock.Advance(15 * time.Minute)
		if _, err := f.Authenticate(ctx, "wang", goodPass, ip); err != nil {
			t.Errorf("after the lock: %v", err)
		}
	})
}

func wantThrottled(t *testing.T, what string, err error, retry time.Duration) {
	t.Helper()
	te, ok := fault.As(err)
	if !ok || te.Kind != fault.RateLimited || te.RetryAfter != retry || te.APICode() != "throttled" {
		t.Fatalf("%s: err = %v, want throttled for %v", what, err, retry)
	}
	want := fmt.Sprintf("登录尝试次数过多，请在%d分钟后重试", int(retry/time.Minute))
	if err.Error() != want {
		t.Errorf("%s: message %q, want %q", what, err, want)
	}
}
