package screening

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// The regions of the tests: two villages of one township, and a village of
// another county.
const (
	county   = "620321000000"
	villageA = "620321100201"
	villageB = "620321100202"
	villageX = "620322100201" // another county
)

var (
	cadreA  = auth.User{ID: 11, Username: "cun_a", Role: auth.RoleVillage, Region: villageA}
	countyU = auth.User{ID: 31, Username: "xian", Role: auth.RoleCounty, Region: county}
	viewer  = auth.User{ID: 41, Username: "kan", Role: auth.RoleViewer, Region: county}
)

// day parses YYYY-MM-DD for tests.
func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// world builds registry and feed rows straight into a test database.
type world struct {
	t     *testing.T
	db    *store.DB
	seq   int
	files map[string]int64 // feed table → its file id
}

func newWorld(t *testing.T, db *store.DB) *world {
	return &world{t: t, db: db, files: map[string]int64{}}
}

// claimantsAB adds a one-person family in village A and one in village B,
// each with a medical claim far over the threshold, and returns the two
// households.
func (w *world) claimantsAB() (a, b int64) {
	a, headA := w.family(villageA, 1)
	b, headB := w.family(villageB, 1)
	w.claim(headA, 20260301, 2_500_000)
	w.claim(headB, 20260301, 2_500_000)
	return a, b
}

// eachWorld runs fn on an empty world in every test store.
func eachWorld(t *testing.T, fn func(t *testing.T, w *world)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, newWorld(t, db)) })
}

// eachBusyWorld runs fn on busyWorld in every test store.
func eachBusyWorld(t *testing.T, fn func(t *testing.T, w *world)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, busyWorld(t, db)) })
}

func (w *world) ctx() context.Context { return context.Background() }

func (w *world) id(q string, args ...any) int64 {
	w.t.Helper()
	var id int64
	if err := w.db.Writer().QueryRowContext(w.ctx(), q+" RETURNING id", args...).Scan(&id); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (w *world) exec(q string, args ...any) {
	w.t.Helper()
	if _, err := w.db.Writer().ExecContext(w.ctx(), q, args...); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
}

// household registers a household in a village; monitoring, when given,
// is identified_month, eliminated, eliminated_month, remarked_month.
func (w *world) household(village string, monitoring ...any) int64 {
	w.t.Helper()
	w.seq++
	m := []any{nil, 0, nil, nil}
	copy(m, monitoring)
	cat := ""
	if m[0] != nil {
		cat = "边缘易致贫户"
	}
	return w.id(`INSERT INTO households (code, region_code, county, type, category, identified_month, eliminated,
		eliminated_month, remarked_month, created_at, updated_at) VALUES (?, ?, ?, '一般农户', ?, ?, ?, ?, ?, ?, ?)`,
		fmt.Sprintf("H%05d", w.seq), village, region.County(village), cat, m[0], m[1], m[2], m[3], "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")
}

// person is a member to register.
type person struct {
	birth, skill, relation string
	workMonths             any
	inactive               bool
}

// member registers a person in a household.
func (w *world) member(hh int64, p person) int64 {
	w.t.Helper()
	w.seq++
	if p.birth == "" {
		p.birth = "1980-01-01"
	}
	if p.relation == "" {
		p.relation = "之子"
	}
	var village string
	if err := w.db.Reader().QueryRowContext(w.ctx(), "SELECT region_code FROM households WHERE id = ?", hh).Scan(&village); err != nil {
		w.t.Fatal(err)
	}
	active := 1
	if p.inactive {
		active = 0
	}
	return w.id(`INSERT INTO persons (household_id, region_code, county, id_idx, id_enc, id_masked, name, sex, birth_date,
		relation, labour_skill, work_months, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '男', ?, ?, ?, ?, ?, ?, ?)`,
		hh, village, region.County(village), fmt.Sprintf("idx%06d", w.seq), []byte{1}, fmt.Sprintf("620321********%04d", w.seq), "张三",
		p.birth, p.relation, p.skill, p.workMonths, active, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")
}

// family registers a household of n current members and returns it with
// its head.
func (w *world) family(village string, n int) (hh, head int64) {
	hh = w.household(village)
	head = w.member(hh, person{relation: "户主", skill: "普通劳动力"})
	for i := 1; i < n; i++ {
		w.member(hh, person{})
	}
	return hh, head
}

func (w *world) income(hh int64, year int, fen int64) {
	w.exec(`INSERT INTO household_incomes (household_id, year, region_code, county, per_capita_fen, source, updated_at)
		VALUES (?, ?, ?, (SELECT county FROM households WHERE id = ?), ?, 'test', '2026-01-01T00:00:00Z')`, hh, year, villageA, hh, fen)
}

// file returns the feed file of a table, created on first use.
func (w *world) file(table string) int64 {
	if id, ok := w.files[table]; ok {
		return id
	}
	kind := strings.TrimPrefix(table, "feed_")
	id := w.id(`INSERT INTO feed_files (kind, name, sha256, size, uploader, region_code, uploaded_at)
		VALUES (?, ?, ?, 1, 'dept', ?, '2026-11-01T00:00:00Z')`, kind, kind+".csv", kind, county)
	w.files[table] = id
	return id
}

// row stores a feed row of a person (0: unmatched) with the table's own
// columns and values, and returns its id. A matched row carries its
// person's household and county, as the import stamps them.
func (w *world) row(table string, p int64, cols string, vals ...any) int64 {
	w.t.Helper()
	w.seq++
	var pid any
	if p != 0 {
		pid = p
	}
	args := append([]any{w.file(table), w.seq, pid, fmt.Sprintf("r%06d", w.seq), "620321********0000", pid, pid}, vals...)
	return w.id("INSERT INTO "+table+" (file_id, row_no, person_id, id_idx, id_masked, household_id, county, "+cols+
		") VALUES (?, ?, ?, ?, ?, (SELECT household_id FROM persons WHERE id = ?), COALESCE((SELECT county FROM persons WHERE id = ?), '')"+
		strings.Repeat(", ?", len(vals))+")", args...)
}

func (w *world) claim(p int64, day int, oop int64) int64 {
	return w.row("feed_medical", p, "settled, total_fen, basic_fen, serious_fen, assist_fen, oop_fen", day, 2*oop, oop/2, 0, 0, oop)
}

func (w *world) education(p int64, day int, status string) int64 {
	return w.row("feed_education", p, "stage, status, aid_item, aid_fen, day", "初中", status, "", 0, day)
}

func (w *world) disability(p int64, day, grade int) int64 {
	return w.row("feed_disability", p, "category, grade, issued", "肢体", grade, day)
}

func (w *world) housing(p int64, day int, grade string) int64 {
	return w.row("feed_housing", p, "grade, assessed", grade, day)
}

func (w *world) disaster(p int64, day int, loss int64) int64 {
	return w.row("feed_disaster", p, "hazard, loss_fen, day", "洪涝", loss, day)
}

func (w *world) employment(p int64, day int, status string) int64 {
	return w.row("feed_employment", p, "status, place, months, day", status, "兰州", 6, day)
}

func (w *world) death(p int64, day int) int64 { return w.row("feed_death", p, "died", day) }

// screen runs a national screen at asOf and fails the test on error.
func (w *world) screen(asOf string) *Result {
	w.t.Helper()
	res, err := Run(w.ctx(), w.db, Options{AsOf: day(asOf), Scope: store.ScopeAll(), By: countyU})
	if err != nil {
		w.t.Fatal(err)
	}
	return res
}

// warned returns the households warned for a rule, sorted.
func (w *world) warned(rule Rule) []int64 {
	w.t.Helper()
	rows, err := w.db.Reader().QueryContext(w.ctx(), "SELECT household_id FROM warnings WHERE rule = ? ORDER BY household_id", string(rule))
	if err != nil {
		w.t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			w.t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// warning returns the one warning of a household and rule.
func (w *world) warning(hh int64, rule Rule) Warning {
	w.t.Helper()
	var id int64
	if err := w.db.Reader().QueryRowContext(w.ctx(), "SELECT id FROM warnings WHERE household_id = ? AND rule = ?",
		hh, string(rule)).Scan(&id); err != nil {
		w.t.Fatalf("warning of %d for %s: %v", hh, rule, err)
	}
	x, err := Find(w.ctx(), w.db.Reader(), store.ScopeAll(), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return x
}

func (w *world) count(q string, args ...any) int {
	w.t.Helper()
	var n int
	if err := w.db.Reader().QueryRowContext(w.ctx(), q, args...).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

func ids(xs ...int64) []int64 {
	out := append([]int64{}, xs...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
