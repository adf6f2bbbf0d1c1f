package audit_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// rehash recomputes entry id's hash after an edit the way a forger who knows
// the format would, so that only the link to the next entry gives it away.
func rehash(ctx context.Context, db *store.DB, id int64) error {
	var at, user, username, role, ip, action, entity, entityID, region, detail, prev string
	err := db.Writer().QueryRowContext(ctx, "SELECT at, COALESCE(CAST(user_id AS TEXT), ''), username, role, ip, action, entity, entity_id, region_code, detail, prev_hash FROM audit_log WHERE id = ?", id).
		Scan(&at, &user, &username, &role, &ip, &action, &entity, &entityID, &region, &detail, &prev)
	if err != nil {
		return err
	}
	canon := "fangpin-audit-v1\n"
	for _, f := range []string{fmt.Sprint(id), at, user, username, role, ip, action, entity, entityID, region, detail, prev} {
		canon += fmt.Sprintf("%d:%s\n", len(f), f)
	}
	sum := sha256.Sum256([]byte(prev + canon))
	_, err = db.Writer().ExecContext(ctx, "UPDATE audit_log SET hash = ? WHERE id = ?", hex.EncodeToString(sum[:]), id)
	return err
}

func TestVerifyFindsTampering(t *testing.T) {
	scenarios := []struct {
		name   string
		sql    []string
		rehash int64 // entry whose hash the forger recomputes afterwards
		id     int64
		reason string
	}{
		{name: "untouched"},
		{"edited username", []string{"UPDATE audit_log SET username = 'mallory' WHERE id = 2"}, 0, 2, "edited"},
		{"edited detail", []string{`UPDATE audit_log SET detail = '{"households":13}' WHERE id = 1`}, 0, 1, "edited"},
		{"edited time", []string{"UPDATE audit_log SET at = '2026-11-28T08:00:00Z' WHERE id = 1"}, 0, 1, "edited"},
		{"NULL user made 0", []string{"UPDATE audit_log SET user_id = 0 WHERE id = 1"}, 0, 1, "edited"},
		{"edited hash", []string{"UPDATE audit_log SET hash = 'x' WHERE id = 3"}, 0, 3, "edited"},
		{"prev_hash changed", []string{"UPDATE audit_log SET prev_hash = 'abc' WHERE id = 2"}, 0, 2, "chain broken"},
		{"edited and rehashed", []string{"UPDATE audit_log SET ip = '1.2.3.4' WHERE id = 2"}, 2, 3, "chain broken"},
		{"last edited and rehashed", []string{"UPDATE audit_log SET ip = '1.2.3.4' WHERE id = 3"}, 3, 3, "head mismatch"},
		{"middle deleted", []string{"DELETE FROM audit_log WHERE id = 2"}, 0, 2, "gap"},
		{"first deleted", []string{"DELETE FROM audit_log WHERE id = 1"}, 0, 1, "gap"},
		{"last deleted", []string{"DELETE FROM audit_log WHERE id = 3"}, 0, 3, "head mismatch"},
		{"all deleted", []string{"DELETE FROM audit_log"}, 0, 1, "head mismatch"},
		{"row added past the head", []string{"INSERT INTO audit_log (id, at, action, prev_hash, hash) SELECT 4, at, action, hash, hash FROM audit_log WHERE id = 3"}, 0, 4, "past the head"},
		{"head rewound", []string{"UPDATE audit_head SET last_id = 2, last_hash = (SELECT hash FROM audit_log WHERE id = 2)"}, 0, 3, "past the head"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				reset(t, db)
				three(t, audit.New(db).WithClock(clock()))
				for _, s := range sc.sql {
					if _, err := db.Writer().ExecContext(ctx, s); err != nil {
						t.Fatal(err)
					}
				}
				if sc.rehash != 0 {
					if err := rehash(ctx, db, sc.rehash); err != nil {
						t.Fatal(err)
					}
				}
				checkBroken(t, db, sc.id, sc.reason)
			})
		}
	})
}

func checkBroken(t *testing.T, db *store.DB, id int64, reason string) {
	t.Helper()
	_, err := audit.Verify(context.Background(), db.Reader())
	if id == 0 {
		if err != nil {
			t.Fatalf("Verify = %v on an untouched chain", err)
		}
		return
	}
	var be *audit.BrokenError
	if !errors.As(err, &be) || be.ID != id || !strings.Contains(be.Reason, reason) {
		t.Fatalf("Verify = %v; want broken at %d (%s)", err, id, reason)
	}
}

func reset(t *testing.T, db *store.DB) {
	t.Helper()
	for _, s := range []string{"DELETE FROM audit_log", "UPDATE audit_head SET last_id = 0, last_hash = ''"} {
		if _, err := db.Writer().ExecContext(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
}
