package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/pii"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// There are no release tags: each migration version stands for the release
// that shipped it (docs/operations.md#upgrades).

// oldRelease builds, in a new data folder, the database of the release at
// schema version v: the regions and two households with their persons
// (encrypted under the folder's key) written with the SQL of the first
// schema, and, from version 2 on (the audit log), three audit entries.
func oldRelease(t *testing.T, v int64) (data, dbPath string) {
	t.Helper()
	ctx := context.Background()
	data = t.TempDir()
	dbPath = filepath.Join(data, "fangpin.db")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.MigrateTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.Create(data)
	if err != nil {
		t.Fatal(err)
	}
	w := db.Writer()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := w.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(testkit.RegionsCSV), "\n")[1:] {
		f := strings.Split(line, ",")
		var parent any
		if f[3] != "" {
			parent = f[3]
		}
		exec("INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, ?, ?)", f[0], f[1], f[2], parent)
	}
	const at = "2026-03-01T08:00:00Z"
	exec(`INSERT INTO households (id, code, region_code, type, category, identified_month, risk_types, members,
		members_chronic, created_at, updated_at) VALUES (1, 'H1', '620321100201', '脱贫户', '脱贫不稳定户', 202603, '因病', 2, 1, ?, ?)`, at, at)
	exec(`INSERT INTO households (id, code, region_code, type, members, created_at, updated_at)
		VALUES (2, 'H2', '620321100202', '一般农户', 1, ?, ?)`, at, at)
	for i, p := range []struct {
		hh             int
		name, relation string
		chronic        int
	}{{1, "甲", "户主", 1}, {1, "乙", "配偶", 0}, {2, "丙", "户主", 0}} {
		id := testkit.ID(i + 1)
		exec(`INSERT INTO persons (household_id, region_code, id_idx, id_enc, id_masked, name, sex, birth_date, relation,
			health, ill_chronic, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '男', '1980-01-01', ?, ?, ?, ?, ?)`,
			p.hh, map[int]string{1: "620321100201", 2: "620321100202"}[p.hh], keys.Index(id), keys.Seal(id),
			id[:6]+"********"+id[14:], p.name, p.relation, map[int]string{0: "健康", 1: "长期慢性病"}[p.chronic], p.chronic, at, at)
	}
	exec(`INSERT INTO household_incomes (household_id, year, region_code, per_capita_fen, source, updated_at)
		VALUES (1, 2025, '620321100201', 800000, 'import', ?), (2, 2025, '620321100202', 1500000, 'import', ?)`, at, at)
	exec(`INSERT INTO village_stats VALUES ('620321100201', '脱贫户', 1, 2, 1, 0, 1), ('620321100202', '一般农户', 1, 1, 0, 0, 0)`)
	if v >= 2 {
		if err := db.MigrateTo(ctx, 2); err != nil {
			t.Fatal(err)
		}
		l := audit.New(db)
		for _, a := range []string{"region.import", "household.import", "user.create"} {
			if err := l.Append(audit.WithActor(ctx, cliActor()), audit.Event{Action: a, Entity: "user", Region: "620300000000"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := db.MigrateTo(ctx, v); err != nil {
		t.Fatal(err)
	}
	return data, dbPath
}

// TestUpgradeFromEveryRelease upgrades the database of every earlier schema
// version to the current one: the figures are those of the data, the audit
// chain holds (and goes on), the key is accepted and stamped.
func TestUpgradeFromEveryRelease(t *testing.T) {
	t.Setenv(pii.KeyEnv, "")
	max := store.EmbeddedVersion()
	var want string
	for v := int64(1); v < max; v++ {
		if testing.Short() && v != 1 && v != 2 && v != max-1 {
			continue // the first schema, the first with the audit log and the last release
		}
		data, dbPath := oldRelease(t, v)
		cli := func(args ...string) (int, string, string) {
			return fangpin(t, append([]string{"--db", dbPath, "--data", data}, args...)...)
		}
		code, out, errs := cli("stats", "--json")
		if code != 0 {
			t.Fatalf("from version %d: %d %s", v, code, errs)
		}
		if want == "" {
			want = out
			if !strings.Contains(out, `"total": 2,`) || !strings.Contains(out, `"total": 3,`) {
				t.Fatalf("figures of the old data: %s", out)
			}
		} else if out != want {
			t.Fatalf("from version %d the figures differ:\n%s\nwant\n%s", v, out, want)
		}
		if code, out, errs := cli("audit", "verify"); code != 0 || !strings.Contains(out, "审计链完整") {
			t.Fatalf("from version %d: audit %d %s %s", v, code, out, errs)
		}
		if code, out, _ := cli("migrate", "--status"); code != 0 || !strings.Contains(out, "待应用 0 步") {
			t.Fatalf("from version %d: pending steps after the upgrade:\n%s", v, out)
		}
	}
}

// TestMigrateStatusAndNewerSchema: `migrate --status` lists applied and
// pending steps without applying any; a database newer than the binary is
// refused by serve and every other command.
func TestMigrateStatusAndNewerSchema(t *testing.T) {
	t.Setenv(pii.KeyEnv, "")
	data, dbPath := oldRelease(t, 5)
	code, out, errs := fangpin(t, "--db", dbPath, "--data", data, "migrate", "--status")
	if code != 0 || !strings.Contains(out, "00005") || !strings.Contains(out, "待应用") || !strings.Contains(out, "已应用") {
		t.Fatalf("status: %d %s %s", code, out, errs)
	}
	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if cur, _, _ := db.Versions(context.Background()); cur != 5 {
		t.Fatalf("--status applied migrations: version %d", cur)
	}
	db.Writer().ExecContext(context.Background(), "INSERT INTO goose_db_version (version_id, is_applied) VALUES (999, 1)")
	db.Close()
	for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0"}, {"migrate"}, {"migrate", "--status"}} {
		code, _, errs := fangpin(t, append([]string{"--db", dbPath, "--data", data}, args...)...)
		if code != 1 || !strings.Contains(errs, "比本程序") {
			t.Fatalf("%v on a newer database: %d %s", args, code, errs)
		}
	}
	if _, err := os.Stat(dbPath); err != nil {
		t.Fatal(err)
	}
}
