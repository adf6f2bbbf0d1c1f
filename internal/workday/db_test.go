package workday_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
	"fangpin/internal/workday"
)

func load(t *testing.T, db *store.DB) *workday.Calendar {
	t.Helper()
	c, err := workday.Load(context.Background(), db.Reader())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func years(t *testing.T, db *store.DB) map[int]workday.YearStatus {
	t.Helper()
	ys, err := workday.Years(context.Background(), db.Reader())
	if err != nil {
		t.Fatal(err)
	}
	m := map[int]workday.YearStatus{}
	for _, y := range ys {
		m[y.Year] = y
	}
	return m
}

func TestSeed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := load(t, db).IsWorkday(d(2024, 3, 4)); err == nil {
			t.Fatal("an empty database answers for 2024")
		}
		for range 2 {
			if err := workday.Seed(ctx, db); err != nil {
				t.Fatal(err)
			}
			if n := testkit.Int(t, db, "SELECT count(*) FROM calendar_days"); n != 108 {
				t.Fatalf("calendar_days has %d rows, want 108", n)
			}
		}
		sameAsOfficial(t, load(t, db))
		want := map[int]workday.YearStatus{
			2024: {Year: 2024, Complete: true, Source: workday.SourceOfficial, Off: 28, Workdays: 8},
			2025: {Year: 2025, Complete: true, Source: workday.SourceOfficial, Off: 28, Workdays: 5},
			2026: {Year: 2026, Complete: true, Source: workday.SourceOfficial, Off: 33, Workdays: 6},
		}
		got := years(t, db)
		for y, w := range want {
			g := got[y]
			g.UpdatedAt = ""
			if g != w {
				t.Errorf("Years()[%d] = %+v, want %+v", y, g, w)
			}
		}
	})
}

// sameAsOfficial compares a loaded calendar with the embedded one, day by day.
func sameAsOfficial(t *testing.T, c *workday.Calendar) {
	t.Helper()
	o := workday.Official()
	for day := d(2024, 1, 1); day.Year() <= 2026; day = day.AddDate(0, 0, 1) {
		a, errA := c.IsWorkday(day)
		b, errB := o.IsWorkday(day)
		if a != b || errA != nil || errB != nil {
			t.Fatalf("%s: loaded %v, %v; official %v, %v", day.Format(time.DateOnly), a, errA, b, errB)
		}
	}
}

func TestSeedKeepsAdminEdits(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := db.Writer()
		// before seeding: an admin correction to a day of 2025
		must(t, workday.SetDay(ctx, w, d(2025, 10, 8), workday.Off, "国庆节（本地）"))
		must(t, workday.Seed(ctx, db))
		if e, _ := load(t, db).Lookup(d(2025, 10, 8)); e.Source != workday.SourceAdmin || e.Name != "国庆节（本地）" {
			t.Errorf("seed overwrote an admin day: %+v", e)
		}
		// after seeding: an admin removes a make-up day and reopens 2025
		must(t, workday.SetDay(ctx, w, d(2024, 2, 4), "", ""))
		must(t, workday.SetYearComplete(ctx, w, 2025, false))
		must(t, workday.Seed(ctx, db))
		c := load(t, db)
		if ok, err := c.IsWorkday(d(2024, 2, 4)); ok || err != nil {
			t.Errorf("seed restored a deleted day: %v, %v", ok, err)
		}
		if _, err := c.IsWorkday(d(2025, 3, 3)); !errors.Is(err, workday.ErrMissingYear) {
			t.Errorf("seed marked 2025 complete again: %v", err)
		}
		if y := years(t, db)[2025]; y.Complete || y.Source != workday.SourceAdmin || y.AdminDays != 1 {
			t.Errorf("Years()[2025] = %+v", y)
		}
	})
}

func TestSetDay(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := db.Writer()
		must(t, workday.SetYearComplete(ctx, w, 2027, true))
		steps := []struct {
			day        time.Time
			kind, name string
			workday    bool
		}{
			{d(2027, 1, 1), workday.Off, "元旦", false},
			{d(2027, 1, 1), "", "", true},                                              // deleted: an ordinary Friday again
			{d(2027, 2, 6), workday.Workday, "春节", true},                               // a Saturday
			{time.Date(2027, 2, 8, 20, 0, 0, 0, time.UTC), workday.Off, " 春节 ", false}, // 02-09 in China
		}
		for _, s := range steps {
			must(t, workday.SetDay(ctx, w, s.day, s.kind, s.name))
			if ok, err := load(t, db).IsWorkday(s.day); ok != s.workday || err != nil {
				t.Errorf("after SetDay(%s, %q): IsWorkday = %v, %v", s.day.Format(time.RFC3339), s.kind, ok, err)
			}
		}
		days, err := workday.ListDays(ctx, db.Reader(), 2027)
		if err != nil || len(days) != 2 || !days[1].Date.Equal(d(2027, 2, 9)) || days[1].Name != "春节" || days[1].Source != workday.SourceAdmin {
			t.Errorf("ListDays(2027) = %+v, %v", days, err)
		}
		if y := years(t, db)[2027]; !y.Complete || y.Off != 1 || y.Workdays != 1 || y.AdminDays != 2 {
			t.Errorf("Years()[2027] = %+v", y)
		}
	})
}

func TestSetDayRefuses(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cases := []struct {
			name string
			day  time.Time
			kind string
		}{
			{"unknown kind", d(2027, 1, 1), "holiday"},
			{"make-up workday on a Monday", d(2027, 1, 4), workday.Workday},
			{"implausible year", d(1999, 1, 1), workday.Off},
		}
		for _, tc := range cases {
			if err := workday.SetDay(ctx, db.Writer(), tc.day, tc.kind, ""); fault.KindOf(err) != fault.Invalid {
				t.Errorf("%s: err = %v, want an invalid error", tc.name, err)
			}
		}
		if err := workday.SetYearComplete(ctx, db.Writer(), 20277, true); fault.KindOf(err) != fault.Invalid {
			t.Errorf("SetYearComplete(20277): %v", err)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM calendar_days") + testkit.Int(t, db, "SELECT count(*) FROM calendar_years"); n != 0 {
			t.Errorf("refused edits wrote %d rows", n)
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
