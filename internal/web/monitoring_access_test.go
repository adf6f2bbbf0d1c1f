package web

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/monitoring"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/visit"
)

// foreignData is what TestScopeIsolation's monitoring probes aim at: a
// plan, a responsible cadre, a worksheet and a visit with a photo of the
// foreign household 6203210001 (北海子村), and a measure of the user's own
// household 6203210002.
type foreignData struct {
	measure, ownMeasure, cadre, visit string
}

var (
	foreignMu   sync.Mutex
	foreignByDB = map[*store.DB]*foreignData{}
)

// foreignPlan creates the foreign data once per database (the probes call it
// in order, each for the ids it needs) and gives the server a photo
// folder. The foreign household's current responsible cadre is recorded as
// the probing user, whose region does not hold it: only the scope keeps it
// off that user's "my households".
func foreignPlan(t *testing.T, s *Server, db *store.DB) *foreignData {
	t.Helper()
	foreignMu.Lock()
	defer foreignMu.Unlock()
	if d, ok := foreignByDB[db]; ok {
		return d
	}
	ctx, all, now := context.Background(), store.ScopeAll(), testNow
	if err := monitoring.Seed(ctx, db.Writer()); err != nil {
		t.Fatal(err)
	}
	s.cfg.VisitPhotos = t.TempDir()
	by := auth.User{ID: 0, Username: "seed", Role: auth.RoleAdmin, Region: "620000000000"}
	h1, _, _ := registry.FindHousehold(ctx, db.Reader(), all, "6203210001")
	h2, _, _ := registry.FindHousehold(ctx, db.Reader(), all, "6203210002")
	soon := now.AddDate(0, 0, 5).Format(isoDate)
	in := monitoring.MeasureInput{Type: monitoring.TypeIndustry, Subtype: "养殖业", Owner: "张三的帮扶人",
		StartOn: "2026-01-01", DueOn: soon}
	m1, err := monitoring.AddMeasure(ctx, db.Writer(), all, by, h1.ID, in, now)
	if err != nil {
		t.Fatal(err)
	}
	in.Owner = "金川西村委会"
	m2, err := monitoring.AddMeasure(ctx, db.Writer(), all, by, h2.ID, in, now)
	if err != nil {
		t.Fatal(err)
	}
	c, err := monitoring.SetCadre(ctx, db.Writer(), all, s.cfg.Keys, by, h1.ID,
		monitoring.CadreInput{Name: "李四的帮扶人", Phone: "13700001234", StartOn: "2026-01-01"}, now)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.cfg.Auth.FindUser(ctx, "admin-b")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().ExecContext(ctx, "UPDATE household_cadres SET user_id = ? WHERE id = ?", u.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := monitoring.SaveWorksheet(ctx, db.Writer(), all, by, h1.ID, 2025, map[string]int64{"wage.local": 1234500}, now); err != nil {
		t.Fatal(err)
	}
	vid, err := visit.Record(ctx, db.Writer(), all, by, visit.Visit{HouseholdID: h1.ID, Date: now.In(civil.Zone).Format(isoDate),
		Answers: answersAllOK(), Findings: "张三住院", Photos: [][]byte{testJPEG()}, PhotoDir: s.cfg.VisitPhotos}, now)
	if err != nil {
		t.Fatal(err)
	}
	d := &foreignData{measure: id(m1.ID), ownMeasure: id(m2.ID), cadre: id(c.ID), visit: id(vid)}
	foreignByDB[db] = d
	return d
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// answersAllOK answers every default checklist item with no problem.
func answersAllOK() []visit.Answer {
	var out []visit.Answer
	for _, it := range []string{"income", "education", "medical", "housing", "water", "measures", "family"} {
		out = append(out, visit.Answer{Item: it})
	}
	return out
}
