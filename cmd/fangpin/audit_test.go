package main

import (
	"context"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

func TestAuditVerify(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			dir, dbURL := t.TempDir(), storetest.URL(t, kind)
			cli := func(args ...string) (int, string, string) {
				return fangpin(t, append([]string{"--data", dir, "--db", dbURL}, args...)...)
			}
			if code, _, errs := cli("migrate"); code != 0 {
				t.Fatalf("migrate: %d %s", code, errs)
			}
			db := appendEntries(t, dbURL, 3)
			if code, out, errs := cli("audit", "verify"); code != 0 || !strings.Contains(out, "审计链完整：3 条记录") {
				t.Fatalf("verify = %d %q %q", code, out, errs)
			}
			if _, err := db.Writer().ExecContext(context.Background(), "UPDATE audit_log SET username = 'mallory' WHERE id = 2"); err != nil {
				t.Fatal(err)
			}
			code, out, errs := cli("audit", "verify")
			if code != 1 || out != "" || !strings.Contains(errs, "审计链在第 2 条记录处断开") {
				t.Fatalf("verify after tampering = %d %q %q", code, out, errs)
			}
		})
	}
}

// appendEntries opens the database beside the command line and appends n
// entries through the audit package.
func appendEntries(t *testing.T, dbURL string, n int) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	l := audit.New(db)
	for i := range n {
		e := audit.Event{Action: "household.view_full_id", Entity: "household", EntityID: string(rune('A' + i)), Region: "620321100201"}
		if err := l.Append(audit.WithActor(ctx, audit.Actor{UserID: 1, Username: "admin", Role: "admin"}), e); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestAuditUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"audit"}, {"audit", "frobnicate"}, {"audit", "verify", "extra"}, {"audit", "verify", "--nope"}} {
		if code, _, _ := fangpin(t, append([]string{"--data", t.TempDir()}, args...)...); code != 2 {
			t.Errorf("fangpin %v = %d, want 2", args, code)
		}
	}
}
