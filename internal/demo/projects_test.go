package demo

import (
	"encoding/csv"
	"io"
	"testing"

	"fangpin/internal/money"
)

// TestProjectCSV: the project library has the founding document's shape —
// 169 projects of two counties worth about 4.3亿元, about 29485万元 of
// linkage funds, 37 chain projects nearly complete, chain output about
// 101.2亿元 up about 7.3% — and is the same on every run.
func TestProjectCSV(t *testing.T) {
	cfg := testConfig(1, 1)
	bufs, _ := csvFiles(t, func(out func(string) (io.Writer, error)) (ProjectSummary, error) { return ProjectCSV(cfg, out) })
	fen := func(s string) int64 {
		n, err := money.ParseYuan(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	rows, _ := csv.NewReader(bufs["projects"]).ReadAll()
	var planned, linkage, chainPlanned, chainDone int64
	chains, counties := 0, map[string]bool{}
	for _, r := range rows[1:] {
		planned += fen(r[13])
		linkage += fen(r[8]) + fen(r[9]) + fen(r[10]) + fen(r[11])
		counties[r[3]] = true
		if r[7] != "" {
			chains++
			chainPlanned, chainDone = chainPlanned+fen(r[13]), chainDone+fen(r[14])
		}
	}
	near := func(got, want int64) bool { return got > want*99/100 && got < want*101/100 }
	if len(rows) != 170 || chains != 37 || len(counties) != 2 || !near(planned, demoPlannedFen) || !near(linkage, demoLinkageFen) ||
		chainDone*100 < chainPlanned*92 {
		t.Fatalf("%d projects (%d chain) in %v: planned %d, linkage %d, chain %d of %d", len(rows)-1, chains, counties,
			planned, linkage, chainDone, chainPlanned)
	}
	out, _ := csv.NewReader(bufs["output"]).ReadAll()
	by := map[string]int64{}
	for _, r := range out[1:] {
		by[r[2]] += fen(r[3])
	}
	if !near(by["2026"], demoOutputFen) || !near(by["2026"]*1000/by["2025"], 1073) {
		t.Fatalf("output %v", by)
	}
}
