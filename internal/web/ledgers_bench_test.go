package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"fangpin/internal/demo"
)

// BenchmarkLedgerWorkbook writes the city's five ledgers (台账) for a period
// of seven years as one workbook, as a city user, and reports the file's
// size and the peak of the heap in use (sampled every 10 ms).
//
// FANGPIN_BENCH_DATA=DIR runs it on a copy of `fangpin --data DIR demo
// --scale 24` (the workbook's audit entries are written there); without
// it, on the demo city at scale 1.
//
//	FANGPIN_BENCH_DATA=/tmp/fp24-copy go test ./internal/web -run '^$' -bench LedgerWorkbook -benchtime 1x
func BenchmarkLedgerWorkbook(b *testing.B) {
	h := exportBenchHandler(b)
	target := "/ledgers.xlsx?region=" + demo.CityCode + "&from=2020-01-01&to=2026-12-31"
	benchDownload(b, h, func() *http.Request { return httptest.NewRequest(http.MethodGet, target, nil) })
}
