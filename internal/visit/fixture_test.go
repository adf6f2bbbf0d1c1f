package visit

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// The users of the tests, in testkit's regions.
var (
	cadreA  = auth.User{ID: 11, Username: "cun_a", DisplayName: "张干部", Role: auth.RoleVillage, Region: testkit.VillageA}
	countyU = auth.User{ID: 31, Username: "xian", Role: auth.RoleCounty, Region: testkit.County}
	viewer  = auth.User{ID: 41, Username: "kan", Role: auth.RoleViewer, Region: testkit.County}
)

// asOf is the day of the lists: 28 November 2026, China.
var asOf = time.Date(2026, 11, 28, 10, 0, 0, 0, civil.Zone)

// p is a person of a fixture household. The zero p is an active, healthy
// adult head with nothing on record.
type p struct {
	left                     bool // no longer a current member
	major, chronic, disabled bool
	tekun, dibao             bool
	schooling                string
	months                   int // 务工时间（月）; -1 for none
	uninsured                bool
}

// hh is a fixture household: its code, village, monitoring, incomes by
// year (yuan) and members (the first is the head).
type hh struct {
	code, village string
	monitored     bool
	incomes       map[int]int64
	persons       []p
}

var seq int

// add stores the household and its persons, returning the household id and
// the persons' ids.
func (h hh) add(t *testing.T, db *store.DB) (int64, []int64) {
	t.Helper()
	ctx := context.Background()
	w := db.Writer()
	if h.village == "" {
		h.village = testkit.VillageA
	}
	if len(h.persons) == 0 {
		h.persons = []p{{}}
	}
	cat, ident := "", any(nil)
	if h.monitored {
		cat, ident = "边缘易致贫户", 202603
	}
	var id int64
	err := w.QueryRowContext(ctx, `INSERT INTO households (code, region_code, county, type, category, identified_month, members,
		created_at, updated_at) VALUES (?, ?, ?, '一般农户', ?, ?, ?, ?, ?) RETURNING id`, h.code, h.village, region.County(h.village), cat, ident,
		len(h.persons), store.Stamp(asOf), store.Stamp(asOf)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, x := range h.persons {
		ids = append(ids, addPerson(t, db, id, h.village, i == 0, x))
	}
	for year, yuan := range h.incomes {
		_, err := w.ExecContext(ctx, `INSERT INTO household_incomes (household_id, year, county, region_code, per_capita_fen,
			source, updated_at) VALUES (?, ?, ?, ?, ?, 'test', ?)`, id, year, region.County(h.village), h.village, yuan*100, store.Stamp(asOf))
		if err != nil {
			t.Fatal(err)
		}
	}
	return id, ids
}

func addPerson(t *testing.T, db *store.DB, hh int64, village string, head bool, x p) int64 {
	t.Helper()
	seq++
	rel := "配偶"
	if head {
		rel = "户主"
	}
	months := any(x.months)
	if x.months < 0 {
		months = nil
	}
	var id int64
	err := db.Writer().QueryRowContext(context.Background(), `INSERT INTO persons (household_id, county, region_code, id_idx,
		id_enc, id_masked, name, sex, birth_date, relation, schooling, ill_chronic, ill_major, disabled, work_months,
		dibao, tekun, medical_insured, active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'x', ?, '男', '1980-01-01', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		hh, region.County(village), village, fmt.Sprintf("idx-%d", seq), []byte("x"), fmt.Sprintf("人%d", seq), rel, x.schooling,
		store.Bool01(x.chronic), store.Bool01(x.major), store.Bool01(x.disabled), months, store.Bool01(x.dibao), store.Bool01(x.tekun), store.Bool01(!x.uninsured), store.Bool01(!x.left),
		store.Stamp(asOf), store.Stamp(asOf)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var feedFile int64

// feed stores a department feed row of kind for a person; vals are the
// kind's columns after person_id, id_idx and id_masked.
func feed(t *testing.T, db *store.DB, kind string, person int64, vals ...any) {
	t.Helper()
	ctx := context.Background()
	var file int64
	err := db.Writer().QueryRowContext(ctx, `INSERT INTO feed_files (kind, name, sha256, size, uploader, region_code,
		uploaded_at) VALUES (?, 'f.csv', ?, 1, 'dept', ?, ?) RETURNING id`, kind, fmt.Sprint(kind, person, vals),
		testkit.County, store.Stamp(asOf)).Scan(&file)
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string]string{
		"disability": "category, grade, issued",
		"employment": "status, place, months, day",
		"disaster":   "hazard, loss_fen, day",
		"death":      "died",
	}[kind]
	args := append([]any{file, person}, vals...)
	_, err = db.Writer().ExecContext(ctx, `INSERT INTO feed_`+kind+` (file_id, row_no, person_id, id_idx, id_masked, `+
		cols+`) VALUES (?, 1, ?, 'i', 'm', `+store.Placeholders(1, len(vals))[1:], args...)
	if err != nil {
		t.Fatal(err)
	}
}

func warning(t *testing.T, db *store.DB, hh int64, village, status string) {
	t.Helper()
	_, err := db.Writer().ExecContext(context.Background(), `INSERT INTO warnings (household_id, county, region_code, rule,
		period, status, as_of, threshold, figures, evidence, created_at) VALUES (?, ?, ?, 'income_drop', '2026', ?,
		'2026-11-01', '{}', '{}', '[]', ?)`, hh, region.County(village), village, status, store.Stamp(asOf))
	if err != nil {
		t.Fatal(err)
	}
}

// list returns the must-visit entries of the scope by household code.
func list(t *testing.T, db *store.DB, scope store.Scope, f Filter) map[string]Entry {
	t.Helper()
	f.PerPage = 500
	es, total, err := MustVisit(context.Background(), db.Reader(), scope, f, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(es) {
		t.Fatalf("total %d, %d entries", total, len(es))
	}
	out := map[string]Entry{}
	for _, e := range es {
		out[e.Code] = e
	}
	return out
}

// codes lists the reasons' codes of an entry.
func codes(e Entry) []string {
	var out []string
	for _, r := range e.Reasons {
		out = append(out, r.Code)
	}
	return out
}

// ymd is a day as the feed tables store it: YYYYMMDD.
func ymd(y, m, d int) int { return y*10000 + m*100 + d }
