package demo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// testAsOf is the as-of date of most tests.
var testAsOf = time.Date(2026, time.November, 28, 0, 0, 0, 0, time.UTC)

func testConfig(seed uint64, scale int) Config {
	return Config{Seed: seed, Scale: scale, Year: 2026, AsOf: testAsOf}
}

// csvHash returns the SHA-256 of WriteCSV's output.
func csvHash(t testing.TB, cfg Config) [32]byte {
	t.Helper()
	h := sha256.New()
	if _, err := WriteCSV(h, cfg); err != nil {
		t.Fatalf("WriteCSV(%+v): %v", cfg, err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func TestWriteCSVDeterministic(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		a, b Config
		same bool
	}{
		{"same config twice", testConfig(7, 1), testConfig(7, 1), true},
		{"zero seed twice", testConfig(0, 1), testConfig(0, 1), true},
		{"different seeds", testConfig(7, 1), testConfig(8, 1), false},
		{"different as-of", testConfig(7, 1), Config{Seed: 7, Scale: 1, Year: 2026, AsOf: testAsOf.AddDate(0, -3, 0)}, false},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			if got := csvHash(t, s.a) == csvHash(t, s.b); got != s.same {
				t.Errorf("outputs equal = %v, want %v", got, s.same)
			}
		})
	}
}

func TestWriteCSVFormat(t *testing.T) {
	t.Parallel()
	var buf strings.Builder
	sum, err := WriteCSV(&buf, testConfig(3, 1))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(buf.String(), "\uFEFF") {
		t.Error("output starts with a BOM")
	}
	r := csv.NewReader(strings.NewReader(buf.String()))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v", err)
	}
	if strings.Join(recs[0], ",") != strings.Join(Header, ",") {
		t.Errorf("header = %v", recs[0])
	}
	if len(recs)-1 != sum.Persons {
		t.Errorf("%d data rows, summary says %d persons", len(recs)-1, sum.Persons)
	}
}

// TestWriteCSVMatchesEncodingCSV: the hand-written writer emits exactly what
// encoding/csv would, quoted health fields included.
func TestWriteCSVMatchesEncodingCSV(t *testing.T) {
	t.Parallel()
	cfg := testConfig(9, 1)
	var want, got bytes.Buffer
	cw := csv.NewWriter(&want)
	cw.Write(Header)
	if _, err := Generate(cfg, cw.Write); err != nil {
		t.Fatal(err)
	}
	cw.Flush()
	if _, err := WriteCSV(&got, cfg); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("WriteCSV output (%d bytes) differs from encoding/csv (%d bytes)", got.Len(), want.Len())
	}
	if !bytes.Contains(got.Bytes(), []byte(`"长期慢性病,`)) {
		t.Error("no quoted health field with a comma in the output")
	}
}

func TestWriteRecordQuoting(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		row  []string
		want string
	}{
		{[]string{"a", "", "b"}, "a,,b\n"},
		{[]string{"长期慢性病,残疾"}, "\"长期慢性病,残疾\"\n"},
		{[]string{`say "hi"`, " lead"}, "\"say \"\"hi\"\"\",\" lead\"\n"},
		{[]string{"two\nlines"}, "\"two\nlines\"\n"},
	}
	for _, s := range scenarios {
		var buf bytes.Buffer
		bw := bufio.NewWriter(&buf)
		writeRecord(bw, s.row)
		bw.Flush()
		if buf.String() != s.want {
			t.Errorf("writeRecord(%q) = %q, want %q", s.row, buf.String(), s.want)
		}
	}
}

func TestGenerateConfigErrors(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		cfg  Config
	}{
		{"zero scale", Config{Scale: 0, Year: 2026}},
		{"negative scale", Config{Scale: -1, Year: 2026}},
		{"year before monitoring history", Config{Scale: 1, Year: 2021}},
		{"as-of outside year", Config{Scale: 1, Year: 2026, AsOf: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			rows := 0
			_, err := Generate(s.cfg, func([]string) error { rows++; return nil })
			if err == nil || rows != 0 {
				t.Errorf("err = %v after %d rows, want an error and no rows", err, rows)
			}
		})
	}
}

func TestGenerateStopsOnEmitError(t *testing.T) {
	t.Parallel()
	stop := errors.New("stop")
	rows := 0
	_, err := Generate(testConfig(1, 1), func([]string) error {
		rows++
		if rows == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || rows != 10 {
		t.Errorf("err = %v after %d rows, want stop after 10", err, rows)
	}
}

func TestRegions(t *testing.T) {
	t.Parallel()
	zr, err := gzip.NewReader(Regions())
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	lines, city, villages := 0, false, 0
	for sc.Scan() {
		lines++
		line := sc.Text()
		city = city || line == CityCode+",金昌市,2,620000000000"
		if strings.HasPrefix(line, "6203") && strings.Contains(line, "村委会,5,") {
			villages++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if lines != 19225 || !city || villages != 139 { // 金昌市's 村委会 in the NBS 2023 list
		t.Errorf("lines=%d city=%v villages=%d", lines, city, villages)
	}
	if _, err := io.Copy(io.Discard, Regions()); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkGenerateScale25(b *testing.B) {
	cfg := testConfig(1, 25)
	var sum Summary
	for b.Loop() {
		var err error
		if sum, err = WriteCSV(io.Discard, cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sum.Persons), "persons")
}
