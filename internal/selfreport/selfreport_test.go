package selfreport

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/idcard"
	"fangpin/internal/pii"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func setup(t *testing.T, db *store.DB) (*Service, string) {
	t.Helper()
	testkit.Regions(t, db)
	keys, _ := pii.New(make([]byte, 32))
	s := New(db, keys)
	s.now = func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, civil.Zone) }
	tok, err := s.VillageToken(context.Background(), store.ScopeAll(), "620321100201")
	if err != nil {
		t.Fatal(err)
	}
	return s, tok
}

// reportedCase submits valid(…, seq) to a new SQLite store and returns the
// store, the service and the case the report opened.
func reportedCase(t *testing.T, seq int) (*store.DB, *Service, int64) {
	t.Helper()
	db := storetest.SQLite(t)
	s, tok := setup(t, db)
	if _, err := s.Submit(context.Background(), valid(tok, seq)); err != nil {
		t.Fatal(err)
	}
	var caseID int64
	if err := db.Reader().QueryRowContext(context.Background(), "SELECT id FROM cases").Scan(&caseID); err != nil {
		t.Fatal(err)
	}
	return db, s, caseID
}

func valid(tok string, seq int) Submission {
	return Submission{Token: tok, HeadName: "张三", IDNumber: testkit.ID(seq), Phone: "13812345678",
		RiskTypes: []string{"因病"}, Description: "老伴住院花了三万多", Consent: true, IP: "10.0.0.1"}
}

func TestSubmitAndStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, tok := setup(t, db)
		ctx := context.Background()
		r, err := s.Submit(ctx, valid(tok, 1))
		if err != nil || len(r.Code) != 10 || r.Merged || r.Village.Name != "北海子村" {
			t.Fatalf("receipt %+v %v", r, err)
		}
		var enc []byte
		var masked string
		db.Reader().QueryRowContext(ctx, "SELECT id_enc, id_masked FROM self_reports WHERE receipt = ?", r.Code).Scan(&enc, &masked)
		if strings.Contains(string(enc), testkit.ID(1)) || masked != idcard.Mask(testkit.ID(1)) {
			t.Fatal("ID number not encrypted and masked")
		}
		v, err := s.Status(ctx, strings.ToLower(r.Code), "13812345678", "1.1.1.1")
		if err != nil || v.Status != "reported" || v.Label != "已收到，等待乡镇受理" || v.CanObject {
			t.Fatalf("status %+v %v", v, err)
		}
		if _, err := s.Status(ctx, r.Code, "13800000000", "1.1.1.1"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("wrong phone: %v", err)
		}
		// the same family again while the report is open: added to it
		again := valid(tok, 1)
		again.RiskTypes, again.Description = []string{"因学", "因病"}, "孩子要交学费"
		r2, err := s.Submit(ctx, again)
		if err != nil || !r2.Merged || r2.Code != r.Code {
			t.Fatalf("merge: %+v %v", r2, err)
		}
		var risks, desc string
		db.Reader().QueryRowContext(ctx, "SELECT risk_types, description FROM self_reports WHERE receipt = ?", r.Code).Scan(&risks, &desc)
		if risks != "因病,因学" || !strings.Contains(desc, "孩子要交学费") || !strings.Contains(desc, "住院") {
			t.Fatalf("merged report: %s / %s", risks, desc)
		}
		// objection: only after a "not qualifying" outcome, once
		if err := s.Object(ctx, r.Code, "13812345678", "我家确实困难", "1.1.1.1"); !errors.Is(err, ErrObjection) {
			t.Fatalf("objection while open: %v", err)
		}
		db.Writer().ExecContext(ctx, `UPDATE cases SET state = 'closed', outcome = 'not_qualifying',
			outcome_reason = '家庭人均纯收入高于监测范围' WHERE id = (SELECT case_id FROM self_reports WHERE receipt = ?)`, r.Code)
		v, _ = s.Status(ctx, r.Code, "13812345678", "1.1.1.1")
		if !v.CanObject || v.Reason == "" {
			t.Fatalf("closed status %+v", v)
		}
		if err := s.Object(ctx, r.Code, "13812345678", "我家确实困难，收入算错了", "1.1.1.1"); err != nil {
			t.Fatal(err)
		}
		v, _ = s.Status(ctx, r.Code, "13812345678", "1.1.1.1")
		if v.Status != "accepted" || v.CanObject || !v.Objected {
			t.Fatalf("after the objection the case is back in review: %+v", v)
		}
		if err := s.Object(ctx, r.Code, "13812345678", "再提一次", "1.1.1.1"); !errors.Is(err, ErrObjection) {
			t.Fatalf("second objection: %v", err)
		}
	})
}

func TestSubmitRejects(t *testing.T) {
	db := storetest.SQLite(t)
	s, tok := setup(t, db)
	ctx := context.Background()
	bad := Submission{Token: tok, HeadName: "张", IDNumber: testkit.ID(1)[:17] + "0", Phone: "12345", Description: "", IP: "10.0.0.2"}
	_, err := s.Submit(ctx, bad)
	if fe, ok := fault.As(err); !ok || fe.Kind != fault.Invalid || len(fe.Fields) != 6 {
		t.Fatalf("field errors: %v", err)
	}
	if _, err := s.Submit(ctx, valid("nosuchtokenxxxxx", 2)); !errors.Is(err, ErrRevoked) {
		t.Fatalf("unknown token: %v", err)
	}
	if err := s.RevokeToken(ctx, store.ScopeAll(), "620321100201"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Submit(ctx, valid(tok, 3)); !errors.Is(err, ErrRevoked) {
		t.Fatalf("revoked token: %v", err)
	}
	if tok2, _ := s.VillageToken(ctx, store.ScopeAll(), "620321100201"); tok2 == tok {
		t.Fatal("revoking did not issue a new token")
	}
	if _, err := s.VillageToken(ctx, store.MustScope("620321100202"), "620321100201"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("token of a foreign village: %v", err)
	}
	n := 0
	db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM self_reports").Scan(&n)
	if n != 0 {
		t.Fatalf("%d reports stored from bad submissions", n)
	}
}

// TestRateLimits: five reports per ID number and day, and 300 per address
// and hour, a refused one included. The figures are stated here, not read
// from the service's constants, so changing those fails the test.
func TestRateLimits(t *testing.T) {
	const perID, perAddress = 5, 300
	db := storetest.SQLite(t)
	s, tok := setup(t, db)
	ctx := context.Background()
	for i := 0; i < perID; i++ {
		if _, err := s.Submit(ctx, valid(tok, 7)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Submit(ctx, valid(tok, 7)); fault.KindOf(err) != fault.RateLimited {
		t.Fatalf("per-ID limit: %v", err)
	}
	// another family from the same address still gets through, up to the address limit
	for i := 0; i < perAddress-perID-1; i++ {
		if _, err := s.Submit(ctx, valid(tok, 100+i)); err != nil {
			t.Fatalf("family %d: %v", i, err)
		}
	}
	if _, err := s.Submit(ctx, valid(tok, 99)); fault.KindOf(err) != fault.RateLimited || !strings.Contains(err.Error(), "分钟后再试") {
		t.Fatalf("per-address limit: %v", err)
	}
}

// TestScopeLinks: the links of a township are its own villages' only, and a
// region outside the caller's scope has none.
func TestScopeLinks(t *testing.T) {
	db := storetest.SQLite(t)
	s, _ := setup(t, db)
	ctx := context.Background()
	links, err := s.Links(ctx, store.ScopeAll(), "620321100000", "https://fp.example.cn/")
	if err != nil || len(links) != 2 || links[0].Code != "620321100201" || !strings.HasPrefix(links[1].URL, "https://fp.example.cn/r/") {
		t.Fatalf("links %+v %v", links, err)
	}
	if _, err := s.Links(ctx, store.MustScope("620321101000"), "620321100000", ""); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("foreign township: %v", err)
	}
}

// TestReportsBecomeCases: a report opens a case in the family's registered
// village; a second report of the family while it is open joins that case.
func TestReportsBecomeCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, tok := setup(t, db)
		ctx := context.Background()
		r, err := s.Submit(ctx, valid(tok, 41))
		if err != nil {
			t.Fatal(err)
		}
		var caseID int64
		var source, ref, state string
		db.Reader().QueryRowContext(ctx, `SELECT c.id, c.source, c.source_ref, c.state FROM cases c
			JOIN self_reports r ON r.case_id = c.id WHERE r.receipt = ?`, r.Code).Scan(&caseID, &source, &ref, &state)
		if caseID == 0 || source != "self_report" || ref != r.Code || state != "reported" {
			t.Fatalf("case %d %s %s %s", caseID, source, ref, state)
		}
		if _, err := s.Submit(ctx, valid(tok, 41)); err != nil {
			t.Fatal(err)
		}
		var cases, events int
		db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM cases").Scan(&cases)
		db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM case_events WHERE case_id = ?", caseID).Scan(&events)
		if cases != 1 || events < 2 {
			t.Fatalf("%d cases, %d events", cases, events)
		}
	})
}

// TestMergeNeedsThePhone: someone who knows a family's ID number but not
// its phone gets a receipt of his own, learns nothing of the family's
// report and adds nothing to it, and cannot spend the family's daily quota
// (issue 15, item 8).
func TestMergeNeedsThePhone(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	s, tok := setup(t, db)
	ctx := context.Background()
	family, err := s.Submit(ctx, valid(tok, 1))
	if err != nil {
		t.Fatal(err)
	}
	stranger := valid(tok, 1)
	stranger.Phone, stranger.Description, stranger.IP = "13900000000", "陌生人写的话", "10.9.9.9"
	for i := 0; i < 5; i++ {
		r, err := s.Submit(ctx, stranger)
		if err != nil || r.Code == family.Code || i == 0 && r.Merged { // later ones join the stranger's own report
			t.Fatalf("stranger %d: %+v %v", i, r, err)
		}
	}
	if _, err := s.Submit(ctx, stranger); fault.KindOf(err) != fault.RateLimited {
		t.Fatalf("the stranger's own quota: %v", err)
	}
	var desc string
	db.Reader().QueryRowContext(ctx, "SELECT description FROM self_reports WHERE receipt = ?", family.Code).Scan(&desc)
	if strings.Contains(desc, "陌生人") {
		t.Fatalf("the stranger's text reached the family's report: %s", desc)
	}
	again := valid(tok, 1)
	again.Description = "家里又有人病了"
	r, err := s.Submit(ctx, again)
	if err != nil || !r.Merged || r.Code != family.Code {
		t.Fatalf("the family with its phone: %+v %v", r, err)
	}
}

// TestScopeContacts: a case's reporter, masked for the scope, full only on
// reveal, and nothing of a case outside the scope.
func TestScopeContacts(t *testing.T) {
	db, s, caseID := reportedCase(t, 42)
	ctx := context.Background()
	own := store.MustScope("620321100201")
	cs, err := Contacts(ctx, db.Reader(), own, []int64{caseID})
	c := cs[caseID]
	if err != nil || c.Name != "张三" || c.PhoneMasked != idcard.MaskPhone("13812345678") ||
		c.IDMasked != idcard.Mask(testkit.ID(42)) || c.IDNumber != "" || c.Household != "" {
		t.Fatalf("contact %+v %v", c, err)
	}
	full, err := RevealContact(ctx, db.Reader(), s.keys, own, caseID)
	if err != nil || full.IDNumber != testkit.ID(42) || full.Phone != "13812345678" {
		t.Fatalf("reveal %+v %v", full, err)
	}
	foreign := store.MustScope("620321101000")
	if cs, err := Contacts(ctx, db.Reader(), foreign, []int64{caseID}); err != nil || len(cs) != 0 {
		t.Fatalf("foreign scope: %+v %v", cs, err)
	}
	if _, err := RevealContact(ctx, db.Reader(), s.keys, foreign, caseID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("foreign reveal: %v", err)
	}
	if _, err := Contacts(ctx, db.Reader(), store.Scope{}, nil); !errors.Is(err, store.ErrNoScope) {
		t.Fatalf("zero scope: %v", err)
	}
}

// TestRegisterHousehold: a reported family not yet registered becomes a
// household of the case's village, through the registry's checks, and the
// case is linked to it; a second registration is refused.
func TestRegisterHousehold(t *testing.T) {
	db, s, caseID := reportedCase(t, 43)
	ctx := context.Background()
	scope := store.MustScope("620321100000")
	cadre := auth.User{ID: 7, Username: "town", Role: auth.RoleTownship, Region: "620321100000"}
	register := func(nh NewHousehold) (string, error) {
		var code string
		err := db.Transact(ctx, func(tx *store.Tx) error {
			var err error
			code, err = s.RegisterHousehold(ctx, tx, scope, cadre, caseID, nh, s.now())
			return err
		})
		return code, err
	}
	if _, err := register(NewHousehold{Code: "", Type: "一般农户"}); !fault.InvalidOn(err, "code") {
		t.Fatalf("no code: %v", err)
	}
	code, err := register(NewHousehold{Code: "62032110020199", Type: "一般农户", Education: "初中"})
	if err != nil || code != "62032110020199" {
		t.Fatalf("register: %s %v", code, err)
	}
	cs, _ := Contacts(ctx, db.Reader(), scope, []int64{caseID})
	var linked int64
	db.Reader().QueryRowContext(ctx, "SELECT household_id FROM cases WHERE id = ?", caseID).Scan(&linked)
	if cs[caseID].Household != code || linked == 0 {
		t.Fatalf("contact %+v, case linked to %d", cs[caseID], linked)
	}
	if _, err := register(NewHousehold{Code: "62032110020198", Type: "一般农户"}); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("second registration: %v", err)
	}
	var audited int
	db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action = 'household.create'").Scan(&audited)
	if audited != 1 {
		t.Fatalf("%d audit entries", audited)
	}
}
