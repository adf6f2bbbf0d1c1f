package feed

import (
	"context"
	"errors"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// The TestScope* tests are what the store's mutant test runs with one scope
// filter dropped at a time. A file uploaded by a user of county B must never
// be listed or found with county A's scope.

func TestScopeFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mine := uploadAs(t, db, 1, "620321000000", id(1))
		theirs := uploadAs(t, db, 2, "620302000000", id(2))
		a, b := store.MustScope("620321000000"), store.MustScope("620302000000")
		fs, total, err := Files(ctx, db.Reader(), FileFilter{Scope: a})
		if err != nil || total != 1 || len(fs) != 1 || fs[0].ID != mine {
			t.Errorf("Files A: %v %d %v", fs, total, err)
		}
		if fs, total, _ := Files(ctx, db.Reader(), FileFilter{Scope: store.ScopeAll()}); total != 2 || len(fs) != 2 || fs[0].ID != theirs {
			t.Errorf("Files all: %v %d", fs, total)
		}
		if _, err := FindFile(ctx, db.Reader(), a, theirs); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("FindFile other county: %v", err)
		}
		if f, err := FindFile(ctx, db.Reader(), b, theirs); err != nil || f.ID != theirs || f.Kind != Death || f.UserID != 2 || f.Rows != 1 {
			t.Errorf("FindFile own: %+v %v", f, err)
		}
		if _, _, err := Files(ctx, db.Reader(), FileFilter{}); !errors.Is(err, store.ErrNoScope) {
			t.Errorf("Files without scope: %v", err)
		}
	})
}

func TestFilesFilterAndPages(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	for i := 1; i <= 5; i++ {
		uploadAs(t, db, int64(i%2+1), "620321000000", id(i))
	}
	all := store.ScopeAll()
	fs, total, err := Files(ctx, db.Reader(), FileFilter{Scope: all, UserID: 2, Page: 2, PerPage: 2})
	if err != nil || total != 3 || len(fs) != 1 || fs[0].UserID != 2 {
		t.Errorf("user 2 page 2: %+v %d %v", fs, total, err)
	}
	if _, total, _ := Files(ctx, db.Reader(), FileFilter{Scope: all, Kind: Medical}); total != 0 {
		t.Errorf("medical files: %d", total)
	}
	if _, total, _ := Files(ctx, db.Reader(), FileFilter{Scope: all, Kind: Death}); total != 5 {
		t.Errorf("death files: %d", total)
	}
}

// uploadAs imports a one-row death file as a user of region and returns the
// file's id.
func uploadAs(t *testing.T, db *store.DB, user int64, region, number string) int64 {
	t.Helper()
	res, err := Import(context.Background(), db, testkit.Keys(t), Death,
		testkit.File(t, "d.csv", csvOf("身份证号,死亡日期", number+",2026-01-01")),
		Options{Now: now, UserID: user, Username: "u", Region: region})
	if err != nil {
		t.Fatal(err)
	}
	return res.FileID
}

// TestScopeForEachFile: the whole-list walk of an export keeps to the scope
// and gives Files' rows in Files' order.
func TestScopeForEachFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		first := uploadAs(t, db, 1, "620321000000", id(1))
		uploadAs(t, db, 2, "620302000000", id(2))
		second := uploadAs(t, db, 1, "620321000000", id(3))
		var got []int64
		err := ForEachFile(ctx, db.Reader(), FileFilter{Scope: store.MustScope("620321000000")}, func(f File) error {
			got = append(got, f.ID)
			return nil
		})
		if err != nil || len(got) != 2 || got[0] != second || got[1] != first {
			t.Errorf("ForEachFile: %v, %v", got, err)
		}
		if err := ForEachFile(ctx, db.Reader(), FileFilter{}, func(File) error { return nil }); !errors.Is(err, store.ErrNoScope) {
			t.Errorf("without scope: %v", err)
		}
	})
}

// TestScopeHouseholdCover: a household's insurance and contract rows are
// read only inside a scope holding the household.
func TestScopeHouseholdCover(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pid := addPerson(t, db, testkit.Keys(t), id(1), village)
		for _, f := range []struct {
			kind Kind
			text string
		}{
			{Insurance, csvOf("身份证号,参保年度,险种,个人缴费,资助参保金额,参保日期", id(1)+",2026,城乡居民基本医保,400,280,2025-10-01")},
			{Doctor, csvOf("身份证号,签约日期,签约团队,到期日期", id(1)+",2026-01-05,一团队,")},
		} {
			if _, err := importFile(t, db, f.kind, testkit.File(t, string(f.kind)+".csv", f.text)); err != nil {
				t.Fatal(err)
			}
		}
		var hh int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT household_id FROM persons WHERE id = ?", pid).Scan(&hh); err != nil {
			t.Fatal(err)
		}
		c, err := HouseholdCover(ctx, db.Reader(), store.MustScope(village), hh)
		if err != nil || len(c.Insurance) != 1 || len(c.Doctor) != 1 || c.Insurance[0].SubsidyFen != 28000 ||
			c.Insurance[0].Day != 20251001 || c.Doctor[0].End != 0 || c.Doctor[0].IDMasked == id(1) {
			t.Fatalf("own village: %+v %v", c, err)
		}
		if c, err := HouseholdCover(ctx, db.Reader(), store.MustScope("620321100202"), hh); err != nil || len(c.Insurance)+len(c.Doctor) != 0 {
			t.Errorf("another village reads %+v %v", c, err)
		}
	})
}
