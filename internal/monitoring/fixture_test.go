package monitoring

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	regions "fangpin/internal/region" // named so: region is a type of this package
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// The users of the tests, in testkit's regions.
var (
	cadreA  = auth.User{ID: 11, Username: "cun_a", Role: auth.RoleVillage, Region: testkit.VillageA}
	townU   = auth.User{ID: 21, Username: "xiang", Role: auth.RoleTownship, Region: testkit.Township}
	viewerA = auth.User{ID: 12, Username: "kan", Role: auth.RoleViewer, Region: testkit.VillageA}
	adminU  = auth.User{ID: 1, Username: "admin", Role: auth.RoleAdmin, Region: "620300000000"}
	now     = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
)

// adminOf is an administrator of a region (may see full numbers).
func adminOf(region string) auth.User {
	return auth.User{ID: 2, Username: "adm", Role: auth.RoleAdmin, Region: region}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// mon is a household's monitoring state: "" category for none.
type mon struct {
	category            string
	identified          int // YYYYMM
	identifiedOn        string
	eliminated          bool
	elimMonth, remarked int
	risks               string
}

// member is a current (or, with left, former) member.
type member struct {
	labour       string
	dibao, tekun bool
	left         bool
}

var (
	worker  = member{labour: "普通劳动力"}
	elderly = member{labour: "无劳动力"}
	unknown = member{}
)

// addHousehold registers a household with its members (the first is the
// head) and returns its id.
func addHousehold(t *testing.T, db *store.DB, code, village string, m mon, members ...member) int64 {
	t.Helper()
	ctx := context.Background()
	active := 0
	for _, p := range members {
		if !p.left {
			active++
		}
	}
	var id int64
	err := db.Writer().QueryRowContext(ctx, `INSERT INTO households (code, region_code, county, type, category, identified_month,
		identified_on, eliminated, eliminated_month, remarked_month, risk_types, members, created_at, updated_at)
		VALUES (?, ?, ?, '一般农户', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, code, village, regions.County(village), m.category, nz(m.identified),
		nzs(m.identifiedOn), store.Bool01(m.eliminated), nz(m.elimMonth), nz(m.remarked), m.risks, active, store.Stamp(now),
		store.Stamp(now)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range members {
		rel := "配偶"
		if i == 0 {
			rel = "户主"
		}
		_, err := db.Writer().ExecContext(ctx, `INSERT INTO persons (household_id, county, region_code, id_idx, id_enc, id_masked,
			name, sex, birth_date, relation, labour_skill, dibao, tekun, active, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, '', ?, '男', '1980-01-01', ?, ?, ?, ?, ?, ?, ?)`, id, regions.County(village), village, fmt.Sprintf("%s-%d", code, i),
			[]byte("x"), fmt.Sprintf("%s成员%d", code, i), rel, p.labour, store.Bool01(p.dibao), store.Bool01(p.tekun), store.Bool01(!p.left),
			store.Stamp(now), store.Stamp(now))
		if err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// addUser creates an account and returns its id.
func addUser(t *testing.T, db *store.DB, name, region string) int64 {
	t.Helper()
	var id int64
	err := db.Writer().QueryRowContext(context.Background(), `INSERT INTO users (username, role, region_code,
		password_hash, created_at, updated_at, password_changed_at) VALUES (?, 'village', ?, 'x', ?, ?, ?) RETURNING id`,
		name, region, store.Stamp(now), store.Stamp(now), store.Stamp(now)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func nz(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func nzs(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// tx runs fn in a transaction of its own.
func tx(t *testing.T, db *store.DB, fn func(q store.Querier) error) error {
	t.Helper()
	return db.Transact(context.Background(), func(tx *store.Tx) error { return fn(tx) })
}

// addMeasure adds a measure as the township user and fails the test on error.
func addMeasure(t *testing.T, db *store.DB, hh int64, typ, sub, start string) Measure {
	t.Helper()
	var m Measure
	err := tx(t, db, func(q store.Querier) error {
		var err error
		m, err = AddMeasure(context.Background(), q, townU.Scope(), townU, hh, MeasureInput{Type: typ, Subtype: sub,
			Owner: "镇农业站", StartOn: start, DueOn: "2027-06-30"}, now)
		return err
	})
	if err != nil {
		t.Fatalf("add measure %s·%s: %v", typ, sub, err)
	}
	return m
}

func seed(t *testing.T, db *store.DB) {
	t.Helper()
	if err := Seed(context.Background(), db.Writer()); err != nil {
		t.Fatal(err)
	}
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

func isInvalid(err error, field string) bool {
	e, ok := fault.As(err)
	if !ok || e.Kind != fault.Invalid {
		return false
	}
	name, _, _ := e.Field("")
	return strings.HasPrefix(name, field)
}

func isForbidden(err error) bool { return fault.KindOf(err) == fault.Forbidden }
