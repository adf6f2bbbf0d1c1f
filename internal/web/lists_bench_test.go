package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/demo"
	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// BenchmarkHouseholdExport exports the city's whole household list as Excel,
// masked and with complete numbers, as a city user, and reports the rows,
// the file's size and the peak of the heap in use (sampled every 10 ms):
// streaming keeps the peak flat whatever the number of rows.
//
// FANGPIN_BENCH_DATA=DIR runs it on the data folder of `fangpin --data DIR
// demo --scale 24` (about 1,000,000 persons; DIR/fangpin.db and
// DIR/fangpin.key; the export's audit entries are written there, so use a
// copy). Without it, the demo city at scale 1 is generated.
//
//	FANGPIN_BENCH_DATA=/tmp/fp24-copy go test ./internal/web -run '^$' -bench HouseholdExport -benchtime 1x
func BenchmarkHouseholdExport(b *testing.B) {
	h := exportBenchHandler(b)
	target := "/households.xlsx?region=" + demo.CityCode
	for _, full := range []bool{false, true} {
		name := "masked"
		if full {
			name = "full"
		}
		b.Run(name, func(b *testing.B) {
			benchDownload(b, h, func() *http.Request {
				if !full {
					return httptest.NewRequest(http.MethodGet, target, nil)
				}
				req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(url.Values{"full": {"1"}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				return req
			})
		})
	}
}

// benchDownload serves the request of newReq b.N times, and reports the
// peak heap in use and the size of the answer.
func benchDownload(b *testing.B, h http.Handler, newReq func() *http.Request) {
	var peak atomic.Uint64
	var w *countingWriter
	for b.Loop() {
		runtime.GC()
		stop := samplePeak(&peak)
		w = &countingWriter{header: http.Header{}}
		h.ServeHTTP(w, newReq())
		stop()
		if w.status != http.StatusOK || w.n == 0 {
			b.Fatalf("status %d, %d bytes", w.status, w.n)
		}
	}
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(w.n)/(1<<20), "file-MiB")
}

// exportBenchHandler serves FANGPIN_BENCH_DATA's city, or the demo city at
// scale 1, as a city user. FANGPIN_BENCH_DB=postgres://… reads the city
// from that database instead of DIR/fangpin.db (DIR still holds its key).
func exportBenchHandler(b *testing.B) http.Handler {
	b.Helper()
	dir := os.Getenv("FANGPIN_BENCH_DATA")
	if dir == "" {
		return demoHandler(b)
	}
	ctx := context.Background()
	dbURL := os.Getenv("FANGPIN_BENCH_DB")
	if dbURL == "" {
		dbURL = filepath.Join(dir, "fangpin.db")
	}
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	keys, err := pii.LoadOrCreate(dir)
	if err != nil {
		b.Fatal(err)
	}
	_, h := asUser(b, Config{DB: db, Keys: keys, Root: demo.CityCode}, "bench-"+time.Now().Format("150405.000"), auth.RoleCity, demo.CityCode)
	return h
}

// countingWriter is a ResponseWriter that counts the body and keeps none of
// it.
type countingWriter struct {
	header http.Header
	status int
	n      int64
	first  time.Time // when the first byte was written
}

func (w *countingWriter) Header() http.Header { return w.header }
func (w *countingWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *countingWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.first.IsZero() {
		w.first = time.Now()
	}
	w.n += int64(len(p))
	return len(p), nil
}

// samplePeak records the largest HeapInuse in peak until stop is called.
func samplePeak(peak *atomic.Uint64) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}
