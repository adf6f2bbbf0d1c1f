package keyguard

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fangpin/internal/pii"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestRotateUnderLoad: self-reports keep arriving, through a server's keys
// that follow the rotation (Watch), while Rotate runs; afterwards every
// number opens with the new key alone, every index is the new key's, the
// cases' indexes (which have no ciphertext) were carried over, and no
// report was refused.
func TestRotateUnderLoad(t *testing.T) {
	t.Setenv(pii.KeyEnv, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := storetest.SQLite(t)
	testkit.Regions(t, db)
	dir := t.TempDir()
	keys, _, err := Open(ctx, db, dir)
	if err != nil {
		t.Fatal(err)
	}
	go Watch(ctx, db, keys, dir, 20*time.Millisecond, func(string, ...any) {})
	reports := selfreport.New(db, keys)
	reports.SetLimits(1000000, 5)
	tok, err := reports.VillageToken(ctx, store.ScopeAll(), "620321100201")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	n := 0
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			born := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format("20060102")
			_, err := reports.Submit(ctx, selfreport.Submission{Token: tok, HeadName: "测试户",
				IDNumber: testkit.IDBorn(born, 7), Phone: fmt.Sprintf("138%08d", i), RiskTypes: []string{"因病"},
				Description: "轮换测试", Consent: true, IP: "10.0.0.1"})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			n++
			mu.Unlock()
		}
	}()
	for k := 0; k < 20; { // the load is under way
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		k = n
		mu.Unlock()
	}
	rep, err := Rotate(ctx, db, dir, RotateOptions{Settle: 100 * time.Millisecond})
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	next, err := pii.ReadFile(filepath.Join(dir, pii.KeyFile))
	if err != nil || next.Check() != rep.Check || keys.Check() != rep.Check {
		t.Fatalf("key file %v, server on the new key: %v", err, keys.Check() == rep.Check)
	}
	rows, err := db.Reader().QueryContext(ctx, "SELECT id_enc, id_idx, phone_enc, phone_idx FROM self_reports")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var idEnc, phoneEnc []byte
		var idIdx, phoneIdx string
		rows.Scan(&idEnc, &idIdx, &phoneEnc, &phoneIdx)
		id, err1 := next.OpenPrimary(idEnc)
		phone, err2 := next.OpenPrimary(phoneEnc)
		if err1 != nil || err2 != nil || next.Index(id) != idIdx || next.Index(phone) != phoneIdx {
			t.Fatalf("report %d not under the new key", seen)
		}
		seen++
	}
	var stale int
	db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c JOIN self_reports r ON r.case_id = c.id
		WHERE c.id_idx <> '' AND c.id_idx <> r.id_idx`).Scan(&stale)
	if stale > 0 || seen < 20 {
		t.Fatalf("%d reports, %d cases with a stale index", seen, stale)
	}
	t.Logf("%d reports during the rotation, %d rows rewritten", seen, rep.Rewritten)
}
