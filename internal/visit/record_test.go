package visit

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// photoWithGPS is a small JPEG carrying an Exif segment with a position.
func photoWithGPS(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	j := b.Bytes()
	payload := []byte("Exif\x00\x00GPSLatitude=38.5;GPSLongitude=102.2")
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(append(append([]byte{}, j[:2]...), append(seg, payload...)...), j[2:]...)
}

// allOK answers every default item with no problem, except those in
// problems (item → note).
func allOK(problems map[string]string) []Answer {
	var out []Answer
	for _, it := range defaultItems {
		note, bad := problems[it.Code]
		out = append(out, Answer{Item: it.Code, Problem: bad, Note: note})
	}
	return out
}

func record(db *store.DB, scope store.Scope, v Visit) (int64, error) {
	var id int64
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		var err error
		id, err = Record(context.Background(), tx, scope, cadreA, v, asOf)
		return err
	})
	return id, err
}

func TestRecordVisit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id, _ := hh{code: "6203211002010001", monitored: true, incomes: map[int]int64{2025: 20000}}.add(t, db)
		dir := t.TempDir()
		v := Visit{HouseholdID: id, Date: "2026-11-20", Findings: "房屋后墙开裂，雨季有风险",
			Answers: allOK(map[string]string{"housing": "后墙开裂"}), Photos: [][]byte{photoWithGPS(t), nil},
			PhotoDir: dir, OpenCase: &CaseRequest{RiskTypes: []string{"其他"},
				Deadlines: casework.FixedDays{casework.StepAccept: 2, casework.StepVerify: 5, casework.StepTotal: 15}}}
		vid, err := record(db, cadreA.Scope(), v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Find(ctx, db.Reader(), cadreA.Scope(), vid)
		if err != nil {
			t.Fatal(err)
		}
		if got.Visitor != "张干部" || got.UserID != cadreA.ID || got.Region != testkit.VillageA || got.PhotoCount != 1 ||
			got.CaseID == 0 || len(got.Answers) != 7 || !got.Answers[3].Problem || got.Answers[3].Label != "住房安全" ||
			got.Answers[3].Note != "后墙开裂" || got.Answers[0].Item != "income" {
			t.Fatalf("visit %+v", got)
		}
		c, _, err := casework.Find(ctx, db.Reader(), cadreA.Scope(), got.CaseID)
		if err != nil || c.Source != casework.SourceScreening || c.SourceRef != "visit:"+itoa(vid) || c.HouseholdID != id ||
			c.Description != v.Findings || c.AcceptDue != "2026-11-30" {
			t.Errorf("case %+v, %v", c, err)
		}
		names, err := Photos(ctx, db.Reader(), cadreA.Scope(), dir, vid)
		if err != nil || len(names) != 1 || names[0] != "1.jpg" {
			t.Fatalf("photos %v, %v", names, err)
		}
		b, err := Photo(ctx, db.Reader(), cadreA.Scope(), dir, vid, "1.jpg")
		if err != nil || bytes.Contains(b, []byte("GPS")) {
			t.Errorf("photo kept its position: %v", err)
		}
		if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("photo damaged: %v", err)
		}
		if _, err := Photo(ctx, db.Reader(), cadreA.Scope(), dir, vid, "../x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a name not among the photos: %v", err)
		}
		if _, n, err := audit.Find(ctx, db.Reader(), cadreA.Scope(), audit.Filter{Action: "visit.record"}); err != nil || n != 1 {
			t.Errorf("audit: %d, %v", n, err)
		}
		// the elimination check reads the housing problem of the latest visit
		ch, err := casework.EliminationCheck(ctx, db.Reader(), cadreA.Scope(), id, asOf)
		if err != nil {
			t.Fatal(err)
		}
		for _, cr := range ch.Criteria {
			if cr.Code == casework.CritGuarantees && (cr.Met || !bytes.Contains([]byte(cr.Detail), []byte("住房安全"))) {
				t.Errorf("guarantees %+v", cr)
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestRecordRefuses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		id, _ := hh{code: "6203211002010002"}.add(t, db)
		base := Visit{HouseholdID: id, Date: "2026-11-20", Answers: allOK(nil)}
		cases := []struct {
			name  string
			edit  func(*Visit)
			field string
		}{
			{"no date", func(v *Visit) { v.Date = "" }, "date"},
			{"tomorrow", func(v *Visit) { v.Date = "2026-11-29" }, "date"},
			{"an item missing", func(v *Visit) { v.Answers = v.Answers[1:] }, "answers"},
			{"an unknown item", func(v *Visit) { v.Answers = append(v.Answers, Answer{Item: "car"}) }, "answers"},
			{"an item twice", func(v *Visit) { v.Answers = append(v.Answers, v.Answers[0]) }, "answers"},
			{"a problem without a note", func(v *Visit) { v.Answers = allOK(map[string]string{"water": " "}) }, "answers"},
			{"not a photo", func(v *Visit) { v.Photos, v.PhotoDir = [][]byte{[]byte("hello")}, t.TempDir() }, "photos"},
			{"a photo without a folder", func(v *Visit) { v.Photos = [][]byte{photoWithGPS(t)} }, "photos"},
		}
		for _, c := range cases {
			v := base
			v.Answers = append([]Answer{}, base.Answers...)
			c.edit(&v)
			if _, err := record(db, cadreA.Scope(), v); !fault.InvalidOn(err, c.field) {
				t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
			}
		}
		v := base
		v.OpenCase = &CaseRequest{RiskTypes: []string{"因穷"}}
		if _, err := record(db, cadreA.Scope(), v); !fault.InvalidOn(err, "risk_types") {
			t.Errorf("a case with a bad risk type: %v", err)
		}
		err := db.Transact(context.Background(), func(tx *store.Tx) error {
			_, err := Record(context.Background(), tx, viewer.Scope(), viewer, base, asOf)
			return err
		})
		if !errors.Is(err, ErrForbidden) {
			t.Errorf("a viewer recorded a visit: %v", err)
		}
		if vs, err := Visits(context.Background(), db.Reader(), cadreA.Scope(), id); err != nil || len(vs) != 0 {
			t.Errorf("%d visits stored by refused records, %v", len(vs), err)
		}
	})
}

// TestVisitsAndLastVisits: a household's visits newest first; the last
// visit of each household on or before a day.
func TestVisitsAndLastVisits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, _ := hh{code: "6203211002010003"}.add(t, db)
		b, _ := hh{code: "6203211002020003", village: testkit.VillageB}.add(t, db)
		for _, d := range []string{"2026-09-01", "2026-11-01", "2026-10-01"} {
			if _, err := record(db, store.MustScope(testkit.County), Visit{HouseholdID: a, Date: d, Answers: allOK(nil)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := record(db, store.MustScope(testkit.County), Visit{HouseholdID: b, Date: "2026-08-01", Answers: allOK(nil)}); err != nil {
			t.Fatal(err)
		}
		vs, err := Visits(ctx, db.Reader(), store.MustScope(testkit.County), a)
		if err != nil || len(vs) != 3 || vs[0].Date != "2026-11-01" || vs[2].Date != "2026-09-01" || len(vs[1].Answers) != 7 {
			t.Fatalf("visits %+v, %v", vs, err)
		}
		last, err := LastVisits(ctx, db.Reader(), store.MustScope(testkit.County), testkit.Township, time.Date(2026, 10, 15, 0, 0, 0, 0, civil.Zone))
		if err != nil || len(last) != 2 || last[a] != "2026-10-01" || last[b] != "2026-08-01" {
			t.Errorf("last visits %v, %v", last, err)
		}
		if _, err := LastVisits(ctx, db.Reader(), store.MustScope(testkit.VillageA), testkit.VillageB, asOf); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("last visits of a region outside the scope: %v", err)
		}
	})
}

// TestScopeVisitsOfAnotherVillage: village A's scope neither records,
// reads, lists nor counts the visits and photos of village B.
func TestScopeVisitsOfAnotherVillage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := store.MustScope(testkit.VillageA)
		mine, _ := hh{code: "6203211002010004"}.add(t, db)
		theirs, _ := hh{code: "6203211002020004", village: testkit.VillageB}.add(t, db)
		if _, err := record(db, a, Visit{HouseholdID: theirs, Date: "2026-11-01", Answers: allOK(nil)}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Record: %v", err)
		}
		dir := t.TempDir()
		vb, err := record(db, store.MustScope(testkit.VillageB), Visit{HouseholdID: theirs, Date: "2026-11-01", Answers: allOK(nil),
			Photos: [][]byte{photoWithGPS(t)}, PhotoDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		va, err := record(db, a, Visit{HouseholdID: mine, Date: "2026-11-02", Answers: allOK(nil)})
		if err != nil {
			t.Fatal(err)
		}
		if vs, err := Visits(ctx, db.Reader(), a, theirs); err != nil || len(vs) != 0 {
			t.Errorf("Visits: %v, %v", vs, err)
		}
		if vs, _ := Visits(ctx, db.Reader(), a, mine); len(vs) != 1 {
			t.Errorf("Visits own: %v", vs)
		}
		if _, err := Find(ctx, db.Reader(), a, vb); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Find: %v", err)
		}
		if _, err := Find(ctx, db.Reader(), a, va); err != nil {
			t.Errorf("Find own: %v", err)
		}
		if _, err := Photo(ctx, db.Reader(), a, dir, vb, "1.jpg"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Photo: %v", err)
		}
		last, err := LastVisits(ctx, db.Reader(), a, "", asOf)
		if err != nil || len(last) != 1 || last[mine] != "2026-11-02" {
			t.Errorf("LastVisits: %v, %v", last, err)
		}
		if _, err := os.Stat(filepath.Join(dir, itoa(vb), "1.jpg")); err != nil {
			t.Errorf("village B's photo: %v", err)
		}
	})
}

// TestScopeMustVisitOfAnotherVillage: village A's list holds only village
// A's households, whatever group they are in.
func TestScopeMustVisitOfAnotherVillage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh{code: "a", persons: []p{{dibao: true}}}.add(t, db)
		hh{code: "b", village: testkit.VillageB, persons: []p{{dibao: true}}}.add(t, db)
		got := list(t, db, store.MustScope(testkit.VillageA), Filter{})
		if len(got) != 1 || got["a"].Code != "a" {
			t.Errorf("village A's list: %v", got)
		}
		if got := list(t, db, store.MustScope(testkit.Township), Filter{Region: testkit.VillageB}); len(got) != 1 || got["b"].Code != "b" {
			t.Errorf("village B's list: %v", got)
		}
	})
}
