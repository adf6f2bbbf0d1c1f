package region

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

const dataDir = "../../../shared/data/divisions/"

// dataFile returns the path of a file of the shared division data, skipping
// the test when it is absent.
func dataFile(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(dataDir, name)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("division data not available: %v", err)
	}
	return p
}

// importGansu loads gansu.csv (19,224 rows) into db.
func importGansu(t *testing.T, db *store.DB) Result {
	t.Helper()
	res, err := Import(context.Background(), db, dataFile(t, "gansu.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func importString(db *store.DB, s string) (Result, error) {
	return ImportReader(context.Background(), db, strings.NewReader(s))
}

func levelCounts(t *testing.T, q store.Querier) map[int]int {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), "SELECT level, COUNT(*) FROM regions GROUP BY level")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int]int{}
	for rows.Next() {
		var level, n int
		if err := rows.Scan(&level, &n); err != nil {
			t.Fatal(err)
		}
		got[level] = n
	}
	return got
}

func TestImportGansu(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if got, want := importGansu(t, db), (Result{Rows: 19224, Inserted: 19224}); got != want {
			t.Errorf("first import = %+v, want %+v", got, want)
		}
		want := map[int]int{1: 1, 2: 14, 3: 88, 4: 1403, 5: 17718}
		if got := levelCounts(t, db.Reader()); !mapsEqual(got, want) {
			t.Errorf("regions per level = %v, want %v", got, want)
		}
		if got, want := importGansu(t, db), (Result{Rows: 19224, Unchanged: 19224}); got != want {
			t.Errorf("re-import = %+v, want %+v", got, want)
		}
		res, err := importString(db, "code,name,level,parent_code\n620102001000,酒泉路街道办,4,620102000000\n")
		if want := (Result{Rows: 1, Updated: 1, Renamed: 1}); err != nil || res != want {
			t.Errorf("rename = %+v, %v; want %+v", res, err, want)
		}
		if r, _ := Find(ctx, db.Reader(), "620102001000"); r.Name != "酒泉路街道办" {
			t.Errorf("after rename: %+v", r)
		}
		if got, want := importGansu(t, db), (Result{Rows: 19224, Updated: 1, Unchanged: 19223, Renamed: 1}); got != want {
			t.Errorf("import restoring the name = %+v, want %+v", got, want)
		}
	})
}

func mapsEqual(a, b map[int]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestImportRollsBack(t *testing.T) {
	const head = "code,name,level,parent_code\n"
	// Each file first adds a new county and renames 城关区, then fails.
	const good = head + "620199000000,新区,3,620100000000\n620102000000,城关新区,3,620100000000\n"
	tests := []struct{ name, in, want string }{
		{"bad code", good + "62019900100,某镇,4,620199000000\n", `第4行：区划代码"62019900100"应为12位数字`},
		{"bad level", good + "620199001000,某镇,7,620199000000\n", `第4行：级别"7"应为1到5`},
		{"orphan", good + "620198001000,某镇,4,620198000000\n", "区划620198001000的上级代码620198000000不存在"},
		{"parent not its ancestor", good + "620199001000,某镇,4,620102001000\n", "区划620199001000的上级代码应为620199000000（实为620102001000）"},
		{"duplicate", good + "620199000000,新区,3,620100000000\n", "第4行：区划代码620199000000与第2行重复"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		importGansu(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := importString(db, tt.in)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.want)
				}
				if n, _ := Count(ctx, db.Reader()); n != 19224 {
					t.Errorf("%d regions after a failed import, want 19224", n)
				}
				if _, err := Find(ctx, db.Reader(), "620199000000"); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("new county of a failed import: err = %v, want not found", err)
				}
				if r, _ := Find(ctx, db.Reader(), "620102000000"); r.Name != "城关区" {
					t.Errorf("rename of a failed import kept: %+v", r)
				}
			})
		}
	})
}

// TestImportOnAudited: a region file imported from disk records its audit
// entry in the import's transaction; without the entry nothing is stored
// (issue 15, item 5).
func TestImportOnAudited(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.csv")
	os.WriteFile(path, []byte("code,name,level,parent_code\n620000000000,甘肃省,1,\n"), 0o600)
	db := storetest.SQLite(t)
	if _, err := ImportOn(ctx, db, path, civil.Today()); err != nil {
		t.Fatal(err)
	}
	if _, n, err := audit.Find(ctx, db.Reader(), store.ScopeAll(), audit.Filter{Action: "region.import"}); err != nil || n != 1 {
		t.Fatalf("%d entries, %v", n, err)
	}
	db2 := storetest.SQLite(t)
	db2.Writer().ExecContext(ctx, "ALTER TABLE audit_log RENAME TO audit_gone")
	if _, err := ImportOn(ctx, db2, path, civil.Today()); err == nil {
		t.Fatal("imported without its audit entry")
	}
	if n, _ := Count(ctx, db2.Reader()); n != 0 {
		t.Fatalf("%d regions stored", n)
	}
}

func TestImportParentsAfterChildren(t *testing.T) {
	in := "code,name,level,parent_code\n" +
		"441900003001,岗贝社区居民委员会,5,441900003000\n" +
		"441900003000,东城街道,4,441900000000\n" +
		"441900000000,东莞市,2,440000000000\n" +
		"440000000000,广东省,1,\n"
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		res, err := importString(db, in)
		if want := (Result{Rows: 4, Inserted: 4}); err != nil || res != want {
			t.Errorf("import = %+v, %v; want %+v", res, err, want)
		}
	})
}

func TestImportDetectsGzip(t *testing.T) {
	const in = "code,name,level,parent_code\n620000000000,甘肃省,1,\n"
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(in))
	zw.Close()
	dir := t.TempDir()
	files := map[string][]byte{
		"gzip-named.csv": zipped.Bytes(), // the magic bytes decide, not the name
		"plain.csv.gz":   []byte(in),
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for name, data := range files {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
			if res, err := Import(context.Background(), db, p); err != nil || res.Rows != 1 {
				t.Errorf("%s: %+v, %v", name, res, err)
			}
		}
	})
}

func TestImportMissingFile(t *testing.T) {
	db := storetest.SQLite(t)
	_, err := Import(context.Background(), db, filepath.Join(t.TempDir(), "none.csv"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want os.ErrNotExist", err)
	}
}
