package region

import (
	"context"
	"os"
	"testing"
	"time"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// TestImportChinaL5 loads the whole country (665,271 regions), about 20
// seconds per engine on a loaded machine, so not with -short.
func TestImportChinaL5(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 665,271 regions per engine")
	}
	path := dataFile(t, "china-l5.csv.gz")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Now()
		res, err := Import(ctx, db, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("imported %d regions in %v", res.Rows, time.Since(start))
		if want := (Result{Rows: 665271, Inserted: 665271}); res != want {
			t.Errorf("import = %+v, want %+v", res, want)
		}
		if want := map[int]int{1: 31, 2: 342, 3: 2975, 4: 41351, 5: 620572}; !mapsEqual(levelCounts(t, db.Reader()), want) {
			t.Errorf("regions per level = %v, want %v", levelCounts(t, db.Reader()), want)
		}
		checkChinaOddities(t, db.Reader())
	})
}

// checkChinaOddities checks the cases the data README lists.
func checkChinaOddities(t *testing.T, q store.Querier) {
	ctx := context.Background()
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions c JOIN regions p ON p.code = c.parent_code
		WHERE c.level = 4 AND p.level = 2`).Scan(&n)
	if err != nil || n != 77 {
		t.Errorf("townships under a city: %d, %v; want 77", n, err)
	}
	if r, err := Find(ctx, q, "350527000000"); err != nil || r.Name != "金门县" {
		t.Errorf("Find(金门县) = %+v, %v", r, err)
	}
	if kids, err := Children(ctx, q, "350527000000"); err != nil || len(kids) != 0 {
		t.Errorf("金门县 children = %v, %v; want none", codes(kids), err)
	}
	r := NewResolver(q)
	if code, err := r.Resolve(ctx, "广东省", "东莞市", "", "东城街道", "岗贝社区居民委员会"); err != nil || code != "441900003001" {
		t.Errorf("Resolve(东莞 …) = %q, %v", code, err)
	}
}

// BenchmarkImportChinaL5 imports the whole country into an empty database:
// SQLite in a temporary folder, and PostgreSQL when FANGPIN_TEST_PG is set.
func BenchmarkImportChinaL5(b *testing.B) {
	path := dataFile(b, "china-l5.csv.gz")
	engines := map[string]func(testing.TB) *store.DB{"sqlite": storetest.SQLite}
	if os.Getenv("FANGPIN_TEST_PG") != "" {
		engines["postgres"] = storetest.Postgres
	}
	for name, open := range engines {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				db := open(b)
				b.StartTimer()
				if _, err := Import(context.Background(), db, path); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(665271*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
