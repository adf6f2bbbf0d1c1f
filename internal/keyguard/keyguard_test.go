package keyguard

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"fangpin/internal/pii"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestRefreshFollowsRotation: a server's keys pick up a rotation started and
// finished by another process, decrypting under both keys meanwhile.
func TestRefreshFollowsRotation(t *testing.T) {
	t.Setenv(pii.KeyEnv, "")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		k, st, err := Open(ctx, db, dir)
		if err != nil || !st.Created {
			t.Fatalf("empty database: %+v %v", st, err)
		}
		oldSealed := k.Seal("13812345678")
		next, _ := pii.Generate()
		next.WriteFile(filepath.Join(dir, NextFile))
		db.Writer().ExecContext(ctx, "UPDATE key_check SET next_check = ?", next.Check())
		if err := Refresh(ctx, db, k, dir); err != nil {
			t.Fatal(err)
		}
		if p, err := k.Open(next.Seal("x")); err != nil || p != "x" || k.Check() == next.Check() {
			t.Fatalf("during rotation: %q %v", p, err)
		}
		db.Writer().ExecContext(ctx, "UPDATE key_check SET check_value = ?, next_check = ''", next.Check())
		if err := Refresh(ctx, db, k, dir); err != nil {
			t.Fatal(err)
		}
		if k.Check() != next.Check() || k.Index("a") != next.Index("a") {
			t.Fatal("server did not switch to the new key")
		}
		if p, err := k.Open(oldSealed); err != nil || p != "13812345678" {
			t.Fatal("old ciphertexts unreadable after the switch")
		}
		// a fresh data folder against this database: refused, nothing created
		if _, _, err := Open(ctx, db, t.TempDir()); !errors.Is(err, ErrMissing) {
			t.Fatalf("missing key: %v", err)
		}
	})
}
