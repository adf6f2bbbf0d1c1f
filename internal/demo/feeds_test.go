package demo

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"
	"time"

	"fangpin/internal/idcard"
)

func feedFiles(t *testing.T, cfg Config) (map[string]*bytes.Buffer, FeedSummary) {
	t.Helper()
	bufs := map[string]*bytes.Buffer{}
	sum, err := FeedCSV(cfg, func(kind string) (io.Writer, error) {
		bufs[kind] = new(bytes.Buffer)
		return bufs[kind], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bufs, sum
}

func TestFeedCSV(t *testing.T) {
	cfg := Config{Seed: 7, Scale: 1, Year: 2026, AsOf: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	a, sum := feedFiles(t, cfg)
	b, _ := feedFiles(t, cfg)
	registered := map[string]bool{}
	if _, err := Generate(cfg, func(row []string) error { registered[row[colID]] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, k := range FeedKinds {
		if a[k].String() != b[k].String() {
			t.Errorf("%s: not deterministic", k)
		}
		recs, err := csv.NewReader(strings.NewReader(a[k].String())).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if strings.Join(recs[0], ",") != strings.Join(FeedHeaders[k], ",") {
			t.Errorf("%s: header %v", k, recs[0])
		}
		if len(recs)-1 != sum[k] || sum[k] == 0 {
			t.Errorf("%s: %d rows, summary says %d", k, len(recs)-1, sum[k])
		}
		unknown := 0
		for i, r := range recs[1:] {
			if _, err := idcard.Parse(r[0], cfg.AsOf); err != nil {
				t.Fatalf("%s row %d: %v", k, i+2, err)
			}
			if !registered[r[0]] {
				unknown++
			}
		}
		if (k == "medical") != (unknown > 0) {
			t.Errorf("%s: %d rows of unregistered persons", k, unknown)
		}
	}
	if !strings.Contains(a["education"].String(), "辍学") || !strings.Contains(a["employment"].String(), "失业") {
		t.Error("no dropout or no unemployment in the demo feeds")
	}
	t.Logf("rows: %v", sum)
}
