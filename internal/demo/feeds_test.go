package demo

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"fangpin/internal/idcard"
)

// csvFiles runs a generator of CSV files into buffers by kind twice, fails
// unless both runs write the same bytes, and returns the first run's files
// and summary.
func csvFiles[S any](t *testing.T, gen func(out func(kind string) (io.Writer, error)) (S, error)) (map[string]*bytes.Buffer, S) {
	t.Helper()
	run := func() (map[string]*bytes.Buffer, S) {
		bufs := map[string]*bytes.Buffer{}
		sum, err := gen(func(kind string) (io.Writer, error) {
			bufs[kind] = new(bytes.Buffer)
			return bufs[kind], nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return bufs, sum
	}
	a, sum := run()
	b, _ := run()
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for k := range a {
		if a[k].String() != b[k].String() {
			t.Fatalf("%s: not deterministic", k)
		}
	}
	return a, sum
}

func TestFeedCSV(t *testing.T) {
	cfg := testConfig(7, 1)
	a, sum := csvFiles(t, func(out func(string) (io.Writer, error)) (FeedSummary, error) { return FeedCSV(cfg, out) })
	registered := map[string]bool{}
	if _, err := Generate(cfg, func(row []string) error { registered[row[colID]] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, k := range FeedKinds {
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
