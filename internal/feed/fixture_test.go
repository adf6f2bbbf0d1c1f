package feed

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/idcard"
	"fangpin/internal/pii"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// now is the clock of every test import: 2026-11-28 in China.
var now = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

// id is the shared ID number generator by the short name these tests use.
var id = testkit.ID

// addPerson registers a person (in a household of their own) directly in
// the tables and returns the person's id.
func addPerson(t testing.TB, db *store.DB, keys *pii.Keys, number, region string) int64 {
	t.Helper()
	ctx := context.Background()
	var pid int64
	err := db.Transact(ctx, func(tx *store.Tx) error {
		var hid int64
		ts := store.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO households (code, region_code, county, type, members, created_at, updated_at)
			VALUES (?, ?, substr(?, 1, 6), '一般农户', 1, ?, ?) RETURNING id`, "H"+number, region, region, ts, ts).Scan(&hid); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO persons (household_id, region_code, county, id_idx, id_enc, id_masked, name, sex,
			birth_date, relation, created_at, updated_at) VALUES (?, ?, substr(?, 1, 6), ?, ?, ?, '某', '男', '1980-01-01', '户主', ?, ?) RETURNING id`,
			hid, region, region, keys.Index(number), keys.Seal(number), idcard.Mask(number), ts, ts).Scan(&pid)
	})
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

const village = "620321100201"

// csvOf joins a header and rows into CSV text.
func csvOf(header string, rows ...string) string {
	return header + "\n" + strings.Join(rows, "\n") + "\n"
}

// asDept is a context acting as the department user who uploads the files.
var asDept = audit.WithActor(context.Background(), audit.Actor{UserID: 7, Username: "dept", Role: "department"})

func importFile(t testing.TB, db *store.DB, kind Kind, path string) (*Result, error) {
	t.Helper()
	return Import(asDept, db, testkit.Keys(t), kind, path, Options{Now: now, UserID: 7, Username: "dept", Region: "620300000000"})
}

// dump returns every row of the feed tables and feed_files as text, to
// compare the database before and after.
func dump(t testing.TB, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	tables := []string{"feed_files"}
	for _, k := range Kinds {
		tables = append(tables, k.Table())
	}
	for _, table := range tables {
		for _, vals := range testkit.Rows(t, db, "SELECT * FROM "+table+" ORDER BY id") {
			fmt.Fprintf(&b, "%s %v\n", table, vals)
		}
	}
	return b.String()
}
