package casework

import (
	"context"
	"errors"
	"testing"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// The users of the tests, in testkit's regions: the cadres of two villages
// of one township, the township's and a second township's, the county's.
var (
	cadreA    = auth.User{ID: 11, Username: "cun_a", Role: auth.RoleVillage, Region: testkit.VillageA}
	cadreB    = auth.User{ID: 12, Username: "cun_b", Role: auth.RoleVillage, Region: testkit.VillageB}
	townUser  = auth.User{ID: 21, Username: "xiang", Role: auth.RoleTownship, Region: testkit.Township}
	town2User = auth.User{ID: 22, Username: "xiang2", Role: auth.RoleTownship, Region: testkit.Township2}
	countyU   = auth.User{ID: 31, Username: "xian", Role: auth.RoleCounty, Region: testkit.County}
)

// standard deadlines: accept in 2 days, verify in 5, decide in 15.
var fixed = FixedDays{StepAccept: 2, StepVerify: 5, StepTotal: 15}

// addHousehold registers a household in a village and returns its id.
func addHousehold(t *testing.T, db *store.DB, code, village string, eliminated bool) int64 {
	t.Helper()
	var id int64
	cat, ident, elim, mode := "", any(nil), any(nil), ""
	if eliminated {
		cat, ident, elim, mode = "边缘易致贫户", 202203, 202405, "帮扶消除"
	}
	err := db.Writer().QueryRowContext(context.Background(), `INSERT INTO households (code, region_code, county, type,
		category, identified_month, eliminated, elimination_mode, eliminated_month, members, created_at, updated_at)
		VALUES (?, ?, ?, '一般农户', ?, ?, ?, ?, ?, 3, ?, ?) RETURNING id`, code, village, region.County(village), cat, ident, store.Bool01(eliminated),
		mode, elim, store.Stamp(t0), store.Stamp(t0)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// open opens a case in its own transaction.
func open(t *testing.T, db *store.DB, c NewCase, now time.Time) Case {
	t.Helper()
	if c.HeadName == "" {
		c.HeadName = "张三"
	}
	if c.Source == "" {
		c.Source = SourceSelfReport
	}
	if c.RiskTypes == nil {
		c.RiskTypes = []string{"因病"}
	}
	var out Case
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = Open(context.Background(), tx, store.MustScope(testkit.County), c, now, fixed)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// act takes a step as u, in u's scope, in a transaction of its own, with u
// as the audit actor (as the web layer sets it).
func act(db *store.DB, u auth.User, id int64, a Action, d Data, now time.Time) (Case, error) {
	var out Case
	ctx := audit.WithActor(context.Background(), u.Actor(""))
	err := db.Transact(ctx, func(tx *store.Tx) error {
		var err error
		out, err = Act(ctx, tx, u.Scope(), u, id, a, "", d, now)
		return err
	})
	return out, err
}

// must is act that fails the test on error and checks the state reached.
func must(t *testing.T, db *store.DB, u auth.User, id int64, a Action, d Data, now time.Time, want State) Case {
	t.Helper()
	c, err := act(db, u, id, a, d, now)
	if err != nil {
		t.Fatalf("%s by %s: %v", a, u.Username, err)
	}
	if c.State != want {
		t.Fatalf("%s by %s: state %s, want %s", a, u.Username, c.State, want)
	}
	return c
}

// findCase reads a case with the county's scope.
func findCase(t *testing.T, db *store.DB, id int64) (Case, []Event) {
	t.Helper()
	c, ev, err := Find(context.Background(), db.Reader(), store.MustScope(testkit.County), id)
	if err != nil {
		t.Fatal(err)
	}
	return c, ev
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

func isForbidden(err error) bool { return fault.KindOf(err) == fault.Forbidden }
