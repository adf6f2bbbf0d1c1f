package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// buckets are the upper bounds, in seconds, of the request duration histogram.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics counts requests by route and status and times them by route.
type metrics struct {
	mu        sync.Mutex
	requests  map[routeCode]uint64
	durations map[string]*histogram
}

type routeCode struct {
	route string
	code  int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[routeCode]uint64{}, durations: map[string]*histogram{}}
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[routeCode{route, code}]++
	h := m.durations[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets))}
		m.durations[route] = h
	}
	sec := d.Seconds()
	if i, _ := slices.BinarySearch(buckets, sec); i < len(buckets) {
		h.counts[i]++
	}
	h.sum += sec
	h.n++
}

// write prints the request metrics in Prometheus text format, sorted.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP fangpin_http_requests_total HTTP requests by route pattern and status code.")
	fmt.Fprintln(w, "# TYPE fangpin_http_requests_total counter")
	keys := make([]routeCode, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b routeCode) int {
		if c := strings.Compare(a.route, b.route); c != 0 {
			return c
		}
		return a.code - b.code
	})
	for _, k := range keys {
		fmt.Fprintf(w, "fangpin_http_requests_total{route=%s,code=\"%d\"} %d\n", label(k.route), k.code, m.requests[k])
	}
	m.writeDurations(w)
}

func (m *metrics) writeDurations(w io.Writer) {
	fmt.Fprintln(w, "# HELP fangpin_http_request_duration_seconds HTTP request duration by route pattern.")
	fmt.Fprintln(w, "# TYPE fangpin_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.durations))
	for r := range m.durations {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	const name = "fangpin_http_request_duration_seconds"
	for _, r := range routes {
		h, cum := m.durations[r], uint64(0)
		for i, le := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "%s_bucket{route=%s,le=\"%s\"} %d\n", name, label(r), formatFloat(le), cum)
		}
		fmt.Fprintf(w, "%s_bucket{route=%s,le=\"+Inf\"} %d\n", name, label(r), h.n)
		fmt.Fprintf(w, "%s_sum{route=%s} %s\n", name, label(r), formatFloat(h.sum))
		fmt.Fprintf(w, "%s_count{route=%s} %d\n", name, label(r), h.n)
	}
}

// label quotes a label value as the text format wants.
func label(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v) + `"`
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// handleMetrics serves the Prometheus text format.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	n, err := s.countHouseholds(r.Context())
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w)
	fmt.Fprintln(w, "# HELP fangpin_households_total Registered households.")
	fmt.Fprintln(w, "# TYPE fangpin_households_total gauge")
	if err == nil {
		fmt.Fprintf(w, "fangpin_households_total %d\n", n)
	} else {
		s.log.ErrorContext(r.Context(), "metrics: count households", "err", err)
	}
	fmt.Fprintln(w, "# HELP go_goroutines Number of goroutines that currently exist.")
	fmt.Fprintln(w, "# TYPE go_goroutines gauge")
	fmt.Fprintf(w, "go_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintln(w, "# HELP fangpin_build_info The running version.")
	fmt.Fprintln(w, "# TYPE fangpin_build_info gauge")
	fmt.Fprintf(w, "fangpin_build_info{version=%s} 1\n", label(s.cfg.Version))
}

// countHouseholds is the one cheap query of a scrape. Metrics are operational
// figures of the whole installation, so they are not scoped.
func (s *Server) countHouseholds(ctx context.Context) (int, error) {
	var n int
	err := s.cfg.DB.Reader().QueryRowContext(ctx, "SELECT count(*) FROM households").Scan(&n)
	return n, err
}
