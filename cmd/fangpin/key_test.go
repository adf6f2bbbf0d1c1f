package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/keyguard"
	"fangpin/internal/pii"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestKeyGuard: a database with personal data refuses a missing or wrong
// key (exit 1, nothing generated), `key check` confirms the right one, and
// `key rotate` re-encrypts everything under a new key that finds the same
// persons (a re-import adds nobody).
func TestKeyGuard(t *testing.T) {
	t.Setenv(pii.KeyEnv, "")
	db := storetest.URL(t, "sqlite")
	data := t.TempDir()
	cli := func(args ...string) (int, string, string) {
		return fangpin(t, append([]string{"--db", db, "--data", data}, args...)...)
	}
	households := write(t, "h.csv", householdsCSV(
		"620321100201,H1,脱贫户,甲,"+testkit.ID(1)+",户主,初中,长期慢性病,8000,脱贫不稳定户,202603",
		"620321100201,H1,脱贫户,乙,"+testkit.ID(2)+",配偶,初中,健康,8000,脱贫不稳定户,202603"))
	if code, _, errs := cli("import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := cli("import", "households", households); code != 0 {
		t.Fatal(errs)
	}
	keyPath := filepath.Join(data, pii.KeyFile)
	good, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	_, before, _ := cli("stats", "--json")

	os.Remove(keyPath) // restored without its key: refused, no key made
	if code, _, errs := cli("stats", "--json"); code != 1 || !strings.Contains(errs, "找不到密钥") {
		t.Fatalf("missing key: %d %s", code, errs)
	}
	if _, err := os.Stat(keyPath); !os.IsNotExist(err) {
		t.Fatal("a new key was generated beside encrypted data")
	}
	other, _ := pii.Generate()
	other.WriteFile(keyPath)
	if code, _, errs := cli("serve", "--addr", "127.0.0.1:0"); code != 1 || !strings.Contains(errs, "密钥与数据库不匹配") {
		t.Fatalf("wrong key: %d %s", code, errs)
	}
	t.Setenv(pii.KeyEnv, strings.TrimSpace(string(good))) // the environment's key wins over the file
	if code, out, errs := cli("key", "check"); code != 0 || !strings.Contains(out, "匹配") {
		t.Fatalf("key check: %d %s %s", code, out, errs)
	}
	t.Setenv(pii.KeyEnv, "")
	os.WriteFile(keyPath, good, 0o600)

	// a database from before the check value: verified by decrypting, then stamped
	clearCheck(t, db)
	other.WriteFile(keyPath)
	if code, _, errs := cli("key", "check"); code != 1 || !strings.Contains(errs, "不匹配") {
		t.Fatalf("legacy, wrong key: %d %s", code, errs)
	}
	os.WriteFile(keyPath, good, 0o600)
	if code, _, errs := cli("key", "check"); code != 0 {
		t.Fatalf("legacy, right key: %d %s", code, errs)
	}

	sqlExec(t, db, `INSERT INTO cases (region_code, head_name, id_idx, source, state, opened_at, updated_at)
		SELECT region_code, name, id_idx, 'cadre', 'reported', '2026-03-02', '2026-03-02' FROM persons WHERE name = '甲'`)
	code, out, errs := cli("key", "rotate", "--settle", "0s")
	if code != 0 || !strings.Contains(out, "密钥已轮换") {
		t.Fatalf("rotate: %d %s %s", code, out, errs)
	}
	if now, _ := os.ReadFile(keyPath); string(now) == string(good) {
		t.Fatal("key file unchanged")
	}
	if old, _ := os.ReadFile(filepath.Join(data, keyguard.OldFile)); string(old) != string(good) {
		t.Fatal("old key not kept")
	}
	if code, _, errs := cli("import", "households", households); code != 0 {
		t.Fatal(errs)
	}
	// the case's index (it has no ciphertext) was carried over to the new key
	sqlExec(t, db, `DELETE FROM cases WHERE id_idx = (SELECT id_idx FROM persons WHERE name = '甲')`)
	if n := sqlCount(t, db, "SELECT COUNT(*) FROM cases"); n != 0 {
		t.Fatal("case index not rotated")
	}
	if _, after, _ := cli("stats", "--json"); after != before {
		t.Fatalf("figures changed by the rotation:\n%s\n%s", before, after)
	}
	os.WriteFile(keyPath, good, 0o600) // the old key no longer opens the database
	if code, _, _ := cli("key", "check"); code != 1 {
		t.Fatal("old key accepted after rotation")
	}
}

func clearCheck(t *testing.T, url string) { sqlExec(t, url, "DELETE FROM key_check") }

func sqlExec(t *testing.T, url, q string) {
	t.Helper()
	d, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Writer().ExecContext(context.Background(), q); err != nil {
		t.Fatal(err)
	}
}

func sqlCount(t *testing.T, url, q string) int {
	t.Helper()
	d, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.Reader().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
