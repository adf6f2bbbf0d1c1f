package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fangpin/internal/selfreport"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// BenchmarkSelfReportIntake posts reports to the public API over real HTTP
// from 32 concurrent clients against a SQLite file, and reports the sustained
// rate and the 99th percentile latency. Every report is a committed
// transaction, synced to disk (synchronous=FULL), before its 201.
func BenchmarkSelfReportIntake(b *testing.B) {
	db := storetest.SQLiteDurable(b)
	_, keys := fill(b, db)
	reports := selfreport.New(db, keys)
	reports.SetLimits(1<<30, 1<<30)
	s := bareServer(b, Config{DB: db, Keys: keys, Reports: reports})
	tok, err := reports.VillageToken(context.Background(), store.ScopeAll(), villageA)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var seq atomic.Int64
	lat := make([]time.Duration, 0, b.N)
	var mu sync.Mutex
	b.SetParallelism(16) // 2 cores × 16 = 32 clients
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			birth := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n/1000)%20000)
			body := `{"village_token":"` + tok + `","head_name":"测试户","id_number":"` + testkit.IDBorn(birth.Format("20060102"), int(n%1000)) +
				`","phone":"13800000000","risk_types":["因病"],"description":"压力测试","consent":true}`
			t0 := time.Now()
			resp, err := client.Post(srv.URL+"/api/v1/self-reports", "application/json", strings.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 201 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
			d := time.Since(t0)
			mu.Lock()
			lat = append(lat, d)
			mu.Unlock()
		}
	})
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "reports/s")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}
