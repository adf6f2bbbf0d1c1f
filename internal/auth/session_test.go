package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestSessions(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		u := f.user(t, "wang", RoleTownship, testkit.Township)
		ss, err := f.StartSession(ctx, u, "10.0.0.1", "Mozilla/5.0 MicroMessenger")
		if err != nil {
			t.Fatal(err)
		}
		if len(ss.Token) != 43 || len(ss.CSRF) != 43 || ss.Token == ss.CSRF || ss.UserID != u.ID ||
			!ss.ExpiresAt.Equal(f.clock.Now().Add(12*time.Hour)) {
			t.Fatalf("session %+v", ss)
		}
		var stored int
		f.db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM sessions WHERE id_hash = ? OR id_hash = ?", ss.Token, digest(ss.Token)).Scan(&stored)
		if stored != 1 {
			t.Fatal("the session is not stored by the token's digest alone")
		}
		got, gs, err := f.SessionFromToken(ctx, ss.Token)
		if err != nil || got.Username != "wang" || gs.CSRF != ss.CSRF || gs.IP != "10.0.0.1" {
			t.Fatalf("lookup: %+v %+v %v", got, gs, err)
		}
		for _, bad := range []string{"", "nope", ss.Token + "x", strings.ToUpper(ss.Token)} {
			if _, _, err := f.SessionFromToken(ctx, bad); !errors.Is(err, ErrNoSession) {
				t.Errorf("token %q: %v", bad, err)
			}
		}
		wantErr(t, "end", f.EndSession(ctx, ss.Token), nil)
		wantErr(t, "end twice", f.EndSession(ctx, ss.Token), nil)
		if _, _, err := f.SessionFromToken(ctx, ss.Token); !errors.Is(err, ErrNoSession) {
			t.Errorf("after logout: %v", err)
		}
		if _, err := f.StartSession(ctx, User{}, "", ""); !errors.Is(err, ErrNoSession) {
			t.Errorf("session for no user: %v", err)
		}
	})
}

// lastSeen reads a session's stored last_seen_at.
func lastSeen(t *testing.T, db *store.DB, token string) string {
	t.Helper()
	var s string
	if err := db.Reader().QueryRowContext(context.Background(), "SELECT last_seen_at FROM sessions WHERE id_hash = ?", digest(token)).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSessionIdle(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		ss, err := f.StartSession(ctx, f.user(t, "wang", RoleTownship, testkit.Township), "", "")
		if err != nil {
			t.Fatal(err)
		}
		start := lastSeen(t, f.db, ss.Token)
		f.clock.Advance(30 * time.Second)
		if _, _, err := f.SessionFromToken(ctx, ss.Token); err != nil || lastSeen(t, f.db, ss.Token) != start {
			t.Fatalf("within a minute: %v; last seen written", err)
		}
		// a request every 29 minutes keeps the session alive past the idle timeout
		for i := 0; i < 3; i++ {
			f.clock.Advance(29 * time.Minute)
			if _, _, err := f.SessionFromToken(ctx, ss.Token); err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		}
		if got, want := lastSeen(t, f.db, ss.Token), store.Stamp(f.clock.Now()); got != want {
			t.Errorf("last_seen_at = %s, want %s", got, want)
		}
		f.clock.Advance(30*time.Minute + time.Second)
		if _, _, err := f.SessionFromToken(ctx, ss.Token); !errors.Is(err, ErrNoSession) {
			t.Errorf("idle 30 minutes: %v", err)
		}
	})
}

func TestSessionAbsoluteAndPrune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, WithSessionLifetime(2*time.Hour, 3*time.Hour))
		u := f.user(t, "wang", RoleTownship, testkit.Township)
		long, _ := f.StartSession(ctx, u, "", "")
		idle, _ := f.StartSession(ctx, u, "", "")
		for i := 0; i < 5; i++ {
			f.clock.Advance(35 * time.Minute)
			if _, _, err := f.SessionFromToken(ctx, long.Token); err != nil {
				t.Fatalf("after %d×35 minutes: %v", i+1, err)
			}
		}
		if n, err := f.PruneSessions(ctx); err != nil || n != 1 { // idle for 2h55m
			t.Errorf("prune idle: %d, %v", n, err)
		}
		if _, _, err := f.SessionFromToken(ctx, idle.Token); !errors.Is(err, ErrNoSession) {
			t.Errorf("idle session: %v", err)
		}
		f.clock.Advance(5 * time.Minute) // 3 hours after login
		if _, _, err := f.SessionFromToken(ctx, long.Token); !errors.Is(err, ErrNoSession) {
			t.Errorf("past the absolute lifetime: %v", err)
		}
		if n, err := f.PruneSessions(ctx); err != nil || n != 0 {
			t.Errorf("prune again: %d, %v", n, err)
		}
	})
}

func TestSessionDisabledUser(t *testing.T) {
	eachFixture(t, func(t *testing.T, ctx context.Context, f *fixture) {
		u := f.user(t, "wang", RoleTownship, testkit.Township)
		ss, _ := f.StartSession(ctx, u, "", "")
		// disabled behind the service's back: the lookup still refuses
		if _, err := f.db.Writer().ExecContext(ctx, "UPDATE users SET disabled = 1"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.SessionFromToken(ctx, ss.Token); !errors.Is(err, ErrNoSession) {
			t.Errorf("disabled user: %v", err)
		}
		u.Disabled = true
		if _, err := f.StartSession(ctx, u, "", ""); !errors.Is(err, ErrNoSession) {
			t.Errorf("start for disabled user: %v", err)
		}
		wantErr(t, "disable", f.DisableUser(ctx, "wang"), nil)
		n := testkit.Int(t, f.db, "SELECT count(*) FROM sessions")
		if n != 0 {
			t.Errorf("%d sessions left after DisableUser", n)
		}
	})
}
