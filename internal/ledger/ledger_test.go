package ledger

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/idcard"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// The period of the tests: 1 March to 30 June 2026, both days included.
var (
	from  = civil.FromYMD(2026, 3, 1)
	to    = civil.FromYMD(2026, 6, 30)
	today = civil.FromYMD(2026, 11, 28)
	stamp = "2026-11-28T02:00:00Z"
)

type fixture struct {
	db   *store.DB
	keys *pii.Keys
	ids  map[string]int64 // household code → id
}

func (f *fixture) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := f.db.Writer().ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// household stores a household with its head; ident and elim are months
// (0: none).
func (f *fixture) household(t *testing.T, code, village string, ident, elim int, seq int) {
	t.Helper()
	var identV, elimV any
	category := ""
	if ident != 0 {
		identV, category = ident, "边缘易致贫户"
	}
	if elim != 0 {
		elimV = elim
	}
	var id int64
	err := f.db.Writer().QueryRowContext(context.Background(), `INSERT INTO households (code, region_code, county, type,
		phone_masked, category, identified_month, eliminated, eliminated_month, risk_types, members, created_at, updated_at)
		VALUES (?, ?, ?, '一般农户', '138****0000', ?, ?, ?, ?, '因病', 3, ?, ?) RETURNING id`, code, village, region.County(village), category,
		identV, store.Bool01(elim != 0), elimV, stamp, stamp).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	f.ids[code] = id
	num := testkit.ID(seq)
	f.exec(t, `INSERT INTO persons (household_id, county, region_code, id_idx, id_enc, id_masked, name, sex, birth_date,
		relation, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '男', '1980-01-01', '户主', 1, ?, ?)`,
		id, region.County(village), village, f.keys.Index(num), f.keys.Seal(num), idcard.Mask(num), "户主"+code, stamp, stamp)
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	keys, err := pii.New(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	testkit.Regions(t, db)
	f := &fixture{db: db, keys: keys, ids: map[string]int64{}}
	// monitored in a month of 202603–202606?
	f.household(t, "H1", testkit.VillageA, 202601, 0, 1)      // yes: identified before, still monitored
	f.household(t, "H2", testkit.VillageA, 202607, 0, 3)      // no: identified after the last month
	f.household(t, "H3", testkit.VillageB, 202501, 202602, 5) // no: eliminated before the first month
	f.household(t, "H4", testkit.VillageB, 202501, 202603, 7) // yes: eliminated in the first month
	f.household(t, "H5", testkit.VillageB, 202606, 0, 9)      // yes: identified in the last month
	f.household(t, "H6", testkit.VillageA, 0, 0, 11)          // no: never identified
	f.household(t, "H7", testkit.VillageC, 202601, 0, 13)     // yes, but in another township
	for _, m := range []struct{ start, due string }{
		{"2026-02-01", "2026-02-28"}, // no: due before the first day
		{"2026-02-01", "2026-03-01"}, // yes: due on the first day
		{"2026-06-30", "2026-12-31"}, // yes: starts on the last day
		{"2026-07-01", "2026-12-31"}, // no: starts after
	} {
		f.exec(t, `INSERT INTO measures (household_id, county, region_code, type, owner, start_on, due_on, status, amount_fen,
			created_by, created_at, updated_at) VALUES (?, ?, ?, '产业帮扶', '农业农村局', ?, ?, 'in_progress', 123456, 't', ?, ?)`,
			f.ids["H1"], region.County(testkit.VillageA), testkit.VillageA, m.start, m.due, stamp, stamp)
	}
	for _, d := range []string{"2026-02-28", "2026-03-01", "2026-06-30", "2026-07-01"} {
		f.exec(t, `INSERT INTO visits (household_id, county, region_code, visited_on, visitor, findings, created_at)
			VALUES (?, ?, ?, ?, '张干部', ?, ?)`, f.ids["H1"], region.County(testkit.VillageA), testkit.VillageA, d, "走访"+d, stamp)
		f.exec(t, `INSERT INTO warnings (household_id, county, region_code, rule, period, status, as_of, threshold, figures,
			evidence, created_at) VALUES (?, ?, ?, 'medical_expense', ?, 'open', ?, '{}', '{}', '{}', ?)`,
			f.ids["H5"], region.County(testkit.VillageB), testkit.VillageB, d, d, stamp)
	}
	// self-reports by their moment: the period's days are China days
	for i, at := range []string{"2026-02-28T15:59:59Z", "2026-02-28T16:00:00Z", "2026-06-30T15:59:59Z", "2026-06-30T16:00:00Z"} {
		num := testkit.ID(101 + 2*i)
		f.exec(t, `INSERT INTO self_reports (receipt, region_code, head_name, id_enc, id_idx, id_masked, phone_enc,
			phone_idx, phone_masked, risk_types, description, consent, consent_text, due_by, created_at, updated_at)
			VALUES (?, ?, '申报人', ?, ?, ?, ?, ?, '139****0001', '因病', '住院', 1, 'ok', '2026-07-03', ?, ?)`,
			"R"+at[:10]+at[11:13], testkit.VillageA, keys.Seal(num), keys.Index(num), idcard.Mask(num), keys.Seal("13900000001"),
			keys.Index("13900000001"), at, at)
	}
	return f
}

// sheets reads every sheet of a workbook: its rows after the title and
// header.
func sheets(t *testing.T, body []byte) map[string][][]string {
	t.Helper()
	wb, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	out := map[string][][]string{}
	for _, name := range wb.GetSheetList() {
		rows, err := wb.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 2 {
			t.Fatalf("%s: no title and header", name)
		}
		out[name] = rows[2:]
		out[name+"#title"] = rows[:1]
	}
	return out
}

func write(t *testing.T, f *fixture, scope store.Scope, req Request) ([]byte, Result, error) {
	t.Helper()
	var b bytes.Buffer
	x := export.NewXLSX(&b)
	defer x.Abort()
	res, err := Write(context.Background(), f.db.Reader(), f.keys, scope, x, req)
	if err == nil {
		err = x.Close()
	}
	return b.Bytes(), res, err
}

func col(rows [][]string, i int) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r[i])
	}
	return out
}

func TestLedgerRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		req := Request{Region: testkit.Township, RegionName: "城关镇", From: from, To: to, Today: today}
		body, res, err := write(t, f, store.MustScope(testkit.County), req)
		if err != nil {
			t.Fatal(err)
		}
		got := sheets(t, body)
		if title := got["走访台账#title"][0][0]; title != "城关镇 走访台账（2026年3月1日至2026年6月30日）" {
			t.Errorf("title %q", title)
		}
		// independent expectation: the fixture's comments
		want := map[string][]string{
			"监测对象台账": {"H1", "H4", "H5"},
			"帮扶措施台账": {"2026-02-01", "2026-06-30"},
			"走访台账":   {"2026-06-30", "2026-03-01"}, // the latest first, as the visit log
			"预警处置台账": {"2026-06-30", "2026-03-01"}, // the newest first, as the warning list
			"自主申报台账": {"2026-03-01", "2026-06-30"}, // China days
		}
		cols := map[string]int{"监测对象台账": 0, "帮扶措施台账": 8, "走访台账": 0, "预警处置台账": 7, "自主申报台账": 1}
		for name, w := range want {
			if g := col(got[name], cols[name]); !reflect.DeepEqual(g, w) {
				t.Errorf("%s: %v, want %v", name, g, w)
			}
		}
		wantSheets := []Sheet{{"监测对象台账", 3}, {"帮扶措施台账", 2}, {"走访台账", 2}, {"预警处置台账", 2}, {"自主申报台账", 2}}
		if !reflect.DeepEqual(res.Sheets, wantSheets) || res.Rows != 11 {
			t.Errorf("result %+v", res)
		}
		// masked by default; places named; money exact
		h1 := got["监测对象台账"][0]
		if h1[1] != "户主H1" || h1[2] != "永昌县" || h1[3] != "城关镇" || h1[4] != "北海子村" || h1[12] != idcard.Mask(testkit.ID(1)) || h1[13] != "138****0000" {
			t.Errorf("household row %q", h1)
		}
		if m := got["帮扶措施台账"][0]; m[11] != "1,234.56" && m[11] != "1234.56" {
			t.Errorf("measure amount %q", m[11])
		}
		if r := got["自主申报台账"][0]; r[6] != idcard.Mask(testkit.ID(103)) || r[7] != "139****0001" {
			t.Errorf("self-report masked %q", r)
		}
		// full numbers when asked
		req.Full = true
		body, _, err = write(t, f, store.MustScope(testkit.County), req)
		if err != nil {
			t.Fatal(err)
		}
		got = sheets(t, body)
		if h := got["监测对象台账"][0]; h[12] != testkit.ID(1) {
			t.Errorf("full household row %q", h)
		}
		if r := got["自主申报台账"][0]; r[6] != testkit.ID(103) || r[7] != "13900000001" {
			t.Errorf("full self-report %q", r)
		}
		// the county sees the other township's household too; a township user cannot ask for it
		_, res, err = write(t, f, store.MustScope(testkit.County), Request{From: from, To: to, RegionName: "永昌县"})
		if err != nil || res.Sheets[0].Rows != 4 {
			t.Errorf("county: %+v %v", res.Sheets, err)
		}
		if _, _, err := write(t, f, store.MustScope(testkit.Township), Request{Region: testkit.Township2, From: from, To: to}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another township: %v", err)
		}
		// a ledger larger than a sheet is refused, asking for smaller regions
		defer func(n int) { maxRows = n }(maxRows)
		maxRows = 2
		var fe *fault.Error
		if _, _, err := write(t, f, store.MustScope(testkit.County), req); !errors.As(err, &fe) || fe.Fields["region"].Zh == "" {
			t.Errorf("too many rows: %v", err)
		}
	})
}

func TestCheckPeriod(t *testing.T) {
	for _, c := range []struct {
		from, to civil.Date
		ok       bool
	}{{from, to, true}, {from, from, true}, {to, from, false}, {0, to, false}, {from, 0, false},
		{civil.FromYMD(2010, 1, 1), civil.FromYMD(2026, 1, 1), false}} {
		if err := CheckPeriod(c.from, c.to); (err == nil) != c.ok {
			t.Errorf("%v–%v: %v", c.from, c.to, err)
		}
	}
}

func TestOnTime(t *testing.T) {
	for _, c := range []struct{ decided, due, want string }{
		{"2026-07-01T02:00:00Z", "2026-07-01", "是"}, {"2026-07-02T02:00:00Z", "2026-07-01", "否"},
		{"", "2026-07-01", "否（超时未办结）"}, {"", "2026-12-01", "办理中"}, {"", "", ""},
	} {
		if got := OnTime(c.decided, c.due, today); got != c.want {
			t.Errorf("OnTime(%q, %q) = %q, want %q", c.decided, c.due, got, c.want)
		}
	}
}
