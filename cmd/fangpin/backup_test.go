package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/pii"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestBackupUnderLoad: self-reports arrive from several goroutines (as the
// server takes them) while `backup` runs; the archive restores into an empty
// folder with every report acknowledged before the backup began, its audit
// chain whole and the figures of the days before the load the original's; a
// second backup after the load restores to the same figures of today. A
// non-empty folder and a damaged archive are refused.
func TestBackupUnderLoad(t *testing.T) {
	t.Setenv(pii.KeyEnv, "")
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			if kind == "postgres" && testing.Short() {
				t.Skip("pg_dump and pg_restore take seconds")
			}
			db := storetest.MigratedURL(t, kind)
			data := t.TempDir()
			cli := func(args ...string) (int, string, string) {
				return fangpin(t, append([]string{"--db", db, "--data", data}, args...)...)
			}
			if code, _, errs := cli("import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
				t.Fatal(errs)
			}
			if code, _, errs := cli("import", "households", write(t, "h.csv", householdsCSV(
				"620321100201,H1,脱贫户,甲,"+testkit.ID(1)+",户主,初中,长期慢性病,8000,脱贫不稳定户,202603"))); code != 0 {
				t.Fatal(errs)
			}
			os.MkdirAll(filepath.Join(data, "reports", "ABC"), 0o700)
			os.WriteFile(filepath.Join(data, "reports", "ABC", "1.jpg"), []byte("photo"), 0o600)

			ctx := context.Background()
			sdb, err := store.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer sdb.Close()
			keys, err := pii.Load(data)
			if err != nil {
				t.Fatal(err)
			}
			reports := selfreport.New(sdb, keys)
			reports.SetLimits(1000000, 5)
			tok, err := reports.VillageToken(ctx, store.ScopeAll(), "620321100201")
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var acked []string
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for w := range 2 {
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
						r, err := reports.Submit(ctx, selfreport.Submission{Token: tok, HeadName: "测试户",
							IDNumber: testkit.IDBorn(born, 10+w), Phone: "13800000000", RiskTypes: []string{"因病"},
							Description: "备份测试", Consent: true, IP: fmt.Sprintf("10.0.0.%d", w)})
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						acked = append(acked, r.Code)
						mu.Unlock()
					}
				}()
			}
			for n := 0; n < 10; { // the load is under way
				time.Sleep(10 * time.Millisecond)
				mu.Lock()
				n = len(acked)
				mu.Unlock()
			}
			mu.Lock()
			before := append([]string(nil), acked...)
			mu.Unlock()
			archive := filepath.Join(t.TempDir(), "b.tar.gz")
			code, out, errs := cli("backup", "--out", archive)
			close(stop)
			wg.Wait()
			if code != 0 || !strings.Contains(out, "备份已写入") {
				t.Fatalf("backup: %d %s %s", code, out, errs)
			}

			restored := t.TempDir()
			rdb := restoreDB(t, kind, restored)
			rcli := func(args ...string) (int, string, string) {
				return fangpin(t, append([]string{"--db", rdb, "--data", restored}, args...)...)
			}
			code, out, errs = rcli("restore", archive)
			if code != 0 || !strings.Contains(out, "审计链完整") || !strings.Contains(out, "备份中没有密钥") {
				t.Fatalf("restore: %d %s %s", code, out, errs)
			}
			if b, _ := os.ReadFile(filepath.Join(restored, "reports", "ABC", "1.jpg")); string(b) != "photo" {
				t.Fatal("photo not restored")
			}
			n := sqlCount(t, rdb, "SELECT COUNT(*) FROM self_reports")
			missing := 0
			for _, r := range before {
				missing += 1 - sqlCount(t, rdb, "SELECT COUNT(*) FROM self_reports WHERE receipt = '"+r+"'")
			}
			if missing > 0 || n < len(before) || n > len(acked) {
				t.Fatalf("restored %d reports, %d acknowledged before the backup (%d missing), %d in all", n, len(before), missing, len(acked))
			}
			t.Logf("%s: %d acknowledged before the backup, %d restored, %d in all", kind, len(before), n, len(acked))
			// with the key put back, the figures of the days before the load are the original's
			key, _ := os.ReadFile(filepath.Join(data, pii.KeyFile))
			os.WriteFile(filepath.Join(restored, pii.KeyFile), key, 0o600)
			yesterday := time.Now().In(civil.Zone).AddDate(0, 0, -1).Format("2006-01-02")
			_, want, _ := cli("stats", "--json", "--as-of", yesterday)
			if _, got, _ := rcli("stats", "--json", "--as-of", yesterday); got != want || !strings.Contains(want, "households") {
				t.Fatalf("figures differ:\n%s\n%s", want, got)
			}
			if kind == "postgres" {
				return // the rest is the same code on both
			}

			// after the load, with the key: the same figures
			if code, _, errs := rcli("restore", archive); code != 1 || !strings.Contains(errs, "空的数据目录") {
				t.Fatalf("restore into a non-empty folder: %d %s", code, errs)
			}
			code, _, errs = cli("backup", "--out", archive, "--with-key")
			if code != 0 || !strings.Contains(errs, "警告") {
				t.Fatalf("backup --with-key: %d %s", code, errs)
			}
			again := t.TempDir()
			adb := restoreDB(t, kind, again)
			acli := func(args ...string) (int, string, string) {
				return fangpin(t, append([]string{"--db", adb, "--data", again}, args...)...)
			}
			if code, out, errs := acli("restore", archive); code != 0 || !strings.Contains(out, "密钥与数据库匹配") {
				t.Fatalf("restore with key: %d %s %s", code, out, errs)
			}
			_, want, _ = cli("stats", "--json")
			if _, got, _ := acli("stats", "--json"); got != want {
				t.Fatalf("figures differ:\n%s\n%s", want, got)
			}
			if code, out, _ := acli("audit", "verify"); code != 0 || !strings.Contains(out, "审计链完整") {
				t.Fatal("audit chain broken after restore")
			}
			if got := sqlCount(t, adb, "SELECT COUNT(*) FROM self_reports"); got != len(acked) {
				t.Fatalf("%d reports restored, %d acknowledged", got, len(acked))
			}
			{ // a damaged archive is refused and leaves nothing behind
				b, _ := os.ReadFile(archive)
				b[len(b)/2] ^= 0xff
				bad := write(t, "bad.tar.gz", string(b))
				empty := t.TempDir()
				if code, _, errs := fangpin(t, "--data", empty, "restore", bad); code != 1 || !strings.Contains(errs, "损坏") {
					t.Fatalf("damaged archive: %d %s", code, errs)
				}
				if ents, _ := os.ReadDir(empty); len(ents) != 0 {
					t.Fatalf("a failed restore left %d entries", len(ents))
				}
			}
		})
	}
}

// restoreDB is the database a restore writes to: a new SQLite file in the
// data folder, or an empty PostgreSQL database.
func restoreDB(t *testing.T, kind, data string) string {
	if kind == "sqlite" {
		return filepath.Join(data, "fangpin.db")
	}
	return storetest.URL(t, kind)
}

func TestPrune(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, ts := range []string{"20260101T000000Z", "20260102T000000Z", "20260103T000000Z"} {
		os.WriteFile(filepath.Join(dir, "fangpin-"+ts+".tar.gz"), nil, 0o600)
	}
	os.WriteFile(filepath.Join(dir, "mine.tar.gz"), nil, 0o600)
	if err := prune(dir, 2); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(left) != 3 || strings.Contains(strings.Join(left, " "), "20260101") {
		t.Fatalf("left %v", left)
	}
}

// TestScheduledBackups: serve's backup loop writes archives into the folder
// and keeps the newest.
func TestScheduledBackups(t *testing.T) {
	t.Setenv(pii.KeyEnv, "")
	data, dir := t.TempDir(), t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := openApp(ctx, globals{db: filepath.Join(data, "fangpin.db"), data: data})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	os.WriteFile(filepath.Join(dir, "fangpin-20200101T000000Z.tar.gz"), nil, 0o600) // an old one
	done := make(chan struct{})
	go func() {
		scheduledBackups(ctx, a, dir, time.Hour, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(done)
	}()
	var got []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if got, _ = filepath.Glob(filepath.Join(dir, "fangpin-2*.tar.gz")); len(got) == 1 && !strings.Contains(got[0], "2020") {
			break
		}
	}
	cancel()
	<-done
	if len(got) != 1 || strings.Contains(got[0], "2020") {
		t.Fatalf("backups in the folder: %v", got)
	}
}
