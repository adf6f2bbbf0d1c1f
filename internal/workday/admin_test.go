package workday_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
	"fangpin/internal/workday"
)

func TestImportCSV(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		must(t, workday.Seed(ctx, db))
		file := "\ufeffdate,kind,name\r\n" +
			"2027-01-01,off,元旦\r\n" +
			"2027/2/6, workday ,春节\r\n" + // spreadsheet date, padded kind
			"\r\n" +
			"2027-02-09,off\r\n" + // name optional
			"2024-10-07,off,国庆节（改）\r\n" // replaces an official row
		n, err := workday.ImportCSV(ctx, db, strings.NewReader(file))
		if err != nil || n != 4 {
			t.Fatalf("ImportCSV = %d, %v", n, err)
		}
		days, err := workday.ListDays(ctx, db.Reader(), 2027)
		if err != nil || len(days) != 3 || days[1].Kind != workday.Workday || days[1].Name != "春节" || days[2].Name != "" {
			t.Errorf("ListDays(2027) = %+v, %v", days, err)
		}
		if e, _ := load(t, db).Lookup(d(2024, 10, 7)); e.Name != "国庆节（改）" || e.Source != workday.SourceAdmin {
			t.Errorf("2024-10-07 = %+v", e)
		}
		if y := years(t, db)[2027]; y.Complete || y.Off != 2 || y.AdminDays != 3 {
			t.Errorf("Years()[2027] = %+v (import must not mark the year complete)", y)
		}
	})
}

func TestImportCSVRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		file  string
		lines []int // every line reported
	}{
		{"bad date", "date,kind,name\n2027-01-01,off,元旦\n2027-02-30,off,春节\n", []int{3}},
		{"bad kind", "2027-01-01,holiday,元旦\n", []int{1}},
		{"make-up workday on a weekday", "2027-01-01,off,元旦\n2027-01-04,workday,元旦\n", []int{2}},
		{"repeated date", "2027-01-01,off,元旦\n2027-02-06,workday,春节\n2027-01-01,off,元旦\n", []int{3}},
		{"too few fields", "2027-01-01\n", []int{1}},
		{"too many fields", "2027-01-01,off,元旦,extra\n", []int{1}},
		{"not UTF-8 (GBK)", "2027-01-01,off,\xd4\xaa\xb5\xa9\n", []int{1}},
		{"several bad lines", "date,kind,name\n2027-13-01,off,\n2027-01-01,off,\nx,off,\n", []int{2, 4}},
		{"broken quoting", "2027-01-01,off,元旦\n2027-01-02,off,\"春\"节\n", []int{2}},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, tc := range cases {
			n, err := workday.ImportCSV(context.Background(), db, strings.NewReader(tc.file))
			if n != 0 || err == nil {
				t.Errorf("%s: ImportCSV = %d, %v; want an error", tc.name, n, err)
				continue
			}
			if got := invalidLines(err); !slices.Equal(got, tc.lines) {
				t.Errorf("%s: lines %v reported (%v), want %v", tc.name, got, err, tc.lines)
			}
			if !strings.Contains(err.Error(), "行") {
				t.Errorf("%s: message %q names no line", tc.name, err)
			}
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM calendar_days"); n != 0 {
			t.Errorf("rejected imports wrote %d rows", n)
		}
	})
}

// invalidLines lists the lines an import error gives a reason for, in
// order.
func invalidLines(err error) []int {
	e, ok := fault.As(err)
	if !ok || e.Kind != fault.Invalid {
		return nil
	}
	var out []int
	for k, reason := range e.Fields {
		n, err := strconv.Atoi(strings.TrimPrefix(k, "line."))
		if err == nil && n > 0 && !reason.IsZero() {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
