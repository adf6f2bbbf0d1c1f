// Package lifecycle brings the generated demo city to life, so that a new
// user sees the whole work at once: the departments' feeds imported and
// screened into warnings (some decided), responsible cadres, income
// worksheets and 一户一策 plans for the monitored households (a few that do
// not fit their risks, a few without a development measure), home visits, risk
// eliminations walked through the review chain, one of them rolled back.
// Everything goes through the same functions the pages call, so the demo
// data obeys every rule; the choices are deterministic in the seed.
package lifecycle

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/demo"
	"fangpin/internal/feed"
	"fangpin/internal/pii"
	"fangpin/internal/retrofit"
	"fangpin/internal/screening"
	"fangpin/internal/store"
	"fangpin/internal/workday"
)

// Summary counts what Run did.
type Summary struct {
	FeedRows, Unmatched         int
	Warnings, WarningsDecided   int
	Cadres, Worksheets          int
	Measures, Visits            int
	Eliminated, EliminationOpen int
	RolledBack                  int
	SelfReports                 int    // 一键报贫 reports, each its own case
	Projects, Beneficiaries     int    // 项目库 projects and their beneficiary households
	Transfers, Subsidised       int    // labour transfers of the year, persons paid a transport subsidy
	Water                       [3]int // water schemes, samples and problems imported
	Followups                   int    // 控辍保学 follow-ups of the dropouts
	Villages                    int    // villages with 和美乡村 indicators of the year
	Entities                    int    // business entities (新型经营主体), with their households (entities.go)
}

// String is the one line the demo command prints.
func (s Summary) String() string {
	parts := []string{
		fmt.Sprintf("部门数据 %d 行（未匹配 %d）", s.FeedRows, s.Unmatched),
		fmt.Sprintf("预警 %d 条（已处理 %d）", s.Warnings, s.WarningsDecided),
		fmt.Sprintf("帮扶责任人 %d", s.Cadres),
		fmt.Sprintf("收入测算 %d 户", s.Worksheets),
		fmt.Sprintf("帮扶措施 %d 项", s.Measures),
		fmt.Sprintf("走访 %d 次", s.Visits),
		fmt.Sprintf("风险消除 %d 户（办理中 %d, 回退 %d）", s.Eliminated, s.EliminationOpen, s.RolledBack),
		fmt.Sprintf("一键报贫 %d 件", s.SelfReports),
		fmt.Sprintf("项目库 %d 个（受益 %d 户次）", s.Projects, s.Beneficiaries),
		fmt.Sprintf("转移就业 %d 人（交通补助 %d 人）", s.Transfers, s.Subsidised),
		fmt.Sprintf("供水工程 %d 处（水样 %d 份, 饮水问题 %d 个）", s.Water[0], s.Water[1], s.Water[2]),
		fmt.Sprintf("控辍保学 %d 人", s.Followups),
		fmt.Sprintf("和美乡村指标 %d 个村", s.Villages),
		fmt.Sprintf("新型经营主体 %d 个", s.Entities),
	}
	return strings.Join(parts, ", ")
}

// run is the state of one Run.
type run struct {
	db   *store.DB
	keys *pii.Keys
	cfg  demo.Config
	asOf time.Time // the demo's today, China time, at noon
	r    *rand.Rand
	sum  Summary
	// deadlines of the cases the demo opens: the working-day calendar, nil
	// when it cannot be loaded
	deadlines casework.Deadlines
}

// Run works the demo city generated with cfg, already imported into db, up
// to cfg.AsOf: the monitoring work (RunWork), then the other parts of the
// founding document (projects, labour, water, 控辍保学, 和美乡村, business
// entities). dir receives the temporary feed files.
func Run(ctx context.Context, db *store.DB, keys *pii.Keys, cfg demo.Config, dir string) (Summary, error) {
	return runSteps(ctx, db, keys, cfg, dir, true)
}

// RunWork works only the monitoring work of the demo city (feeds, screen,
// plans, visits, eliminations, warnings, self-reports): what the must-visit
// and monitoring tests need. The other parts draw from random sources of
// their own, so RunWork leaves the same work as Run.
func RunWork(ctx context.Context, db *store.DB, keys *pii.Keys, cfg demo.Config, dir string) (Summary, error) {
	return runSteps(ctx, db, keys, cfg, dir, false)
}

func runSteps(ctx context.Context, db *store.DB, keys *pii.Keys, cfg demo.Config, dir string, all bool) (Summary, error) {
	asOf := cfg.AsOf
	if asOf.IsZero() {
		asOf = time.Date(cfg.Year, 12, 31, 0, 0, 0, 0, civil.Zone)
	}
	l := &run{db: db, keys: keys, cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed^0x11fe, cfg.Seed+0xc1c1e)),
		asOf: time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 12, 0, 0, 0, civil.Zone)}
	if dl, err := workday.LoadDeadlines(ctx, db.Reader()); err == nil {
		l.deadlines = dl // a nil *Deadlines in the interface would not read as "none"
	}
	steps := []struct {
		name string
		f    func(context.Context) error
	}{
		{"feeds", func(ctx context.Context) error { return l.feeds(ctx, dir) }},
		{"screen", l.screen},
		{"plans", l.plans},
		{"visits", l.visits},
		{"eliminations", l.eliminations},
		{"warnings", l.decideWarnings},
		{"self-reports", l.selfReports},
	}
	others := []struct {
		name string
		f    func(context.Context) error
	}{
		{"projects", func(ctx context.Context) error { return l.projects(ctx, dir) }}, // draws from a rand of its own
		{"labour", func(ctx context.Context) error { return l.labour(ctx, dir) }},     // draws from a rand of its own
		{"water", func(ctx context.Context) error { return l.water(ctx, dir) }},       // draws from a rand of its own
		{"dropouts", l.dropouts},                                                      // draws from no rand
		{"village indicators", l.villageIndicators},                                   // from a rand of its own: no other figure moves
		{"entities", func(ctx context.Context) error { return l.entities(ctx, dir) }}, // last, with its own random stream
	}
	if all {
		steps = append(steps, others...)
	}
	for _, s := range steps {
		if err := s.f(ctx); err != nil {
			return l.sum, fmt.Errorf("demo %s: %w", s.name, err)
		}
	}
	return l.sum, nil
}

// system acts for the departments and the county office in the demo.
var system = auth.User{Username: "demo", DisplayName: "演示数据", Role: auth.RoleAdmin, Region: demo.CityCode}

// as is ctx acting as u: the audit log names each of the demo's persons as
// it would name the user of a page.
func as(ctx context.Context, u auth.User) context.Context { return audit.WithActor(ctx, u.Actor("")) }

func (l *run) chance(p float64) bool { return l.r.Float64() < p }

// daysAgo is the demo's today minus n days.
func (l *run) daysAgo(n int) time.Time { return l.asOf.AddDate(0, 0, -n) }

// feeds writes and imports every department feed of the demo city.
func (l *run) feeds(ctx context.Context, dir string) error {
	files := &tempFiles{dir: dir, paths: map[string]string{}}
	defer files.remove()
	if _, err := demo.FeedCSV(l.cfg, files.create); err != nil {
		return err
	}
	if err := files.sync(); err != nil {
		return err
	}
	paths := files.paths
	for _, k := range feed.Kinds {
		res, err := feed.Import(as(ctx, system), l.db, l.keys, k, paths[string(k)], feed.Options{
			FileName: filepath.Base("演示-" + k.Label() + ".csv"), Username: system.Username, Region: demo.CityCode, Now: l.asOf})
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		l.sum.FeedRows += res.Rows
		l.sum.Unmatched += res.Unmatched
	}
	// the housing department's retrofit ledger
	if _, err := retrofit.Import(as(ctx, system), l.db, l.keys, store.ScopeAll(), paths[demo.RetrofitKind], system.Username,
		civil.DateOf(l.asOf)); err != nil {
		return fmt.Errorf("retrofits: %w", err)
	}
	return nil
}

// screen runs the warning rules as of the demo's today.
func (l *run) screen(ctx context.Context) error {
	res, err := screening.Run(as(ctx, system), l.db, screening.Options{AsOf: l.asOf, Scope: store.ScopeAll(), By: system,
		Rematch: feed.Rematch, Now: func() time.Time { return l.asOf }})
	if err != nil {
		return err
	}
	for _, c := range res.Rules {
		l.sum.Warnings += c.NewWarnings
	}
	return nil
}
