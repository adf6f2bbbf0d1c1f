package workday_test

import (
	"context"
	"testing"

	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/workday"
)

func TestSettings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, r := db.Writer(), db.Reader()
		if v, err := workday.GetSetting(ctx, r, "hotline", "12317"); v != "12317" || err != nil {
			t.Errorf("GetSetting default = %q, %v", v, err)
		}
		for _, v := range []string{"0931-1234567", "", "热线 12317"} { // set, overwrite, empty is a value
			must(t, workday.SetSetting(ctx, w, "hotline", v))
			if got, err := workday.GetSetting(ctx, r, "hotline", "default"); got != v || err != nil {
				t.Errorf("GetSetting after SetSetting(%q) = %q, %v", v, got, err)
			}
		}
		if err := workday.SetSetting(ctx, w, " ", "x"); err == nil {
			t.Error("SetSetting accepted an empty key")
		}
		ints := []struct {
			stored string
			want   int
			ok     bool
		}{{"", 7, true}, {"12", 12, true}, {" 3 ", 3, true}, {"three", 0, false}}
		for _, c := range ints {
			must(t, workday.SetSetting(ctx, w, "n", c.stored))
			got, err := workday.GetInt(ctx, r, "n", 7)
			if got != c.want || (err == nil) != c.ok {
				t.Errorf("GetInt with %q stored = %d, %v", c.stored, got, err)
			}
		}
		if got, err := workday.GetInt(ctx, r, "absent", 9); got != 9 || err != nil {
			t.Errorf("GetInt absent = %d, %v", got, err)
		}
	})
}

func TestLimits(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, r := db.Writer(), db.Reader()
		if l, err := workday.LoadLimits(ctx, r); l != (workday.Limits{Accept: 2, Verify: 5, Total: 15}) || err != nil {
			t.Errorf("default LoadLimits = %+v, %v", l, err)
		}
		must(t, workday.SetSetting(ctx, w, workday.KeyVerifyDays, "7"))
		if l, err := workday.LoadLimits(ctx, r); l != (workday.Limits{Accept: 2, Verify: 7, Total: 15}) || err != nil {
			t.Errorf("LoadLimits = %+v, %v", l, err)
		}
		saved := workday.Limits{Accept: 3, Verify: 6, Total: 20}
		must(t, workday.SaveLimits(ctx, w, saved))
		if l, err := workday.LoadLimits(ctx, r); l != saved || err != nil {
			t.Errorf("LoadLimits after SaveLimits = %+v, %v", l, err)
		}
		for _, bad := range []workday.Limits{{0, 5, 15}, {2, 5, 251}, {5, 11, 15}} {
			if err := workday.SaveLimits(ctx, w, bad); fault.KindOf(err) != fault.Invalid {
				t.Errorf("SaveLimits(%+v) = %v, want an invalid error", bad, err)
			}
		}
		must(t, workday.SetSetting(ctx, w, workday.KeyAcceptDays, "-1"))
		if _, err := workday.LoadLimits(ctx, r); err == nil {
			t.Error("LoadLimits accepted a stored limit of -1")
		}
	})
}
