package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

func TestTokens(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		f.user(t, "api", RoleCounty, testkit.County)
		plain, err := f.CreateToken(ctx, "API", "统计接口")
		if err != nil || !strings.HasPrefix(plain, "fp_") || len(plain) != 3+43 {
			t.Fatalf("CreateToken = %q, %v", plain, err)
		}
		other, _ := f.CreateToken(ctx, "api", "")
		u, err := f.UserFromToken(ctx, plain)
		if err != nil || u.Username != "api" || u.Scope().Prefix() != "620321" {
			t.Fatalf("UserFromToken = %+v, %v", u, err)
		}
		for _, bad := range []string{"", plain[3:], "fp_" + strings.Repeat("A", 43), plain + "x"} {
			if _, err := f.UserFromToken(ctx, bad); !errors.Is(err, ErrBadToken) {
				t.Errorf("token %q: %v", bad, err)
			}
		}
		ts, err := f.ListTokens(ctx, "api")
		if err != nil || len(ts) != 2 || ts[0].Name != "统计接口" || ts[0].LastUsedAt != store.Stamp(f.clock.Now()) ||
			ts[1].LastUsedAt != "" || !ts[0].Active(f.clock.Now()) {
			t.Fatalf("ListTokens = %+v, %v", ts, err)
		}
		wantErr(t, "revoke", f.RevokeToken(ctx, ts[0].ID), nil)
		wantErr(t, "revoke twice", f.RevokeToken(ctx, ts[0].ID), nil)
		wantErr(t, "revoke unknown", f.RevokeToken(ctx, 9999), store.ErrNotFound)
		if _, err := f.UserFromToken(ctx, plain); !errors.Is(err, ErrBadToken) {
			t.Errorf("revoked token: %v", err)
		}
		if _, err := f.UserFromToken(ctx, other); err != nil {
			t.Errorf("the other token: %v", err)
		}
		if _, err := f.ListTokens(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ListTokens(nobody): %v", err)
		}
		if _, err := f.CreateToken(ctx, "nobody", ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("CreateToken(nobody): %v", err)
		}
	})
}

func TestTokenLastUsed(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		f.user(t, "api", RoleCounty, testkit.County)
		plain, _ := f.CreateToken(ctx, "api", "")
		lastUsed := func() string {
			ts, err := f.ListTokens(ctx, "api")
			if err != nil {
				t.Fatal(err)
			}
			return ts[0].LastUsedAt
		}
		first := store.Stamp(f.clock.Now())
		steps := []struct {
			advance time.Duration
			want    string
		}{
			{0, first},
			{30 * time.Second, first}, // within a minute: not written
			{30 * time.Second, store.Stamp(f.clock.Now().Add(time.Minute))}, // a minute later: written
			{10 * time.Minute, store.Stamp(f.clock.Now().Add(11 * time.Minute))},
		}
		for i, st := range steps {
			f.clock.Advance(st.advance)
			if _, err := f.UserFromToken(ctx, plain); err != nil {
				t.Fatal(err)
			}
			if got := lastUsed(); got != st.want {
				t.Errorf("step %d: last_used_at = %s, want %s", i, got, st.want)
			}
		}
	})
}

func TestTokenExpiredAndDisabled(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		f.user(t, "api", RoleCounty, testkit.County)
		expiring, _ := f.CreateToken(ctx, "api", "")
		kept, _ := f.CreateToken(ctx, "api", "")
		until := store.Stamp(f.clock.Now().Add(time.Hour))
		if _, err := f.db.Writer().ExecContext(ctx, "UPDATE api_tokens SET expires_at = ? WHERE token_hash = ?", until, digest(expiring)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.UserFromToken(ctx, expiring); err != nil {
			t.Fatalf("before expiry: %v", err)
		}
		f.clock.Advance(time.Hour)
		if _, err := f.UserFromToken(ctx, expiring); !errors.Is(err, ErrBadToken) {
			t.Errorf("expired: %v", err)
		}
		if _, err := f.db.Writer().ExecContext(ctx, "UPDATE users SET disabled = 1"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.UserFromToken(ctx, kept); !errors.Is(err, ErrBadToken) {
			t.Errorf("disabled user: %v", err)
		}
		if _, err := f.CreateToken(ctx, "api", ""); !errors.Is(err, ErrDisabled) {
			t.Errorf("CreateToken for disabled user: %v", err)
		}
		wantErr(t, "disable", f.DisableUser(ctx, "api"), nil)
		ts, _ := f.ListTokens(ctx, "api")
		for _, tk := range ts {
			if tk.RevokedAt == "" {
				t.Errorf("token %d not revoked by DisableUser", tk.ID)
			}
		}
	})
}
