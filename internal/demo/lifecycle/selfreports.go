package lifecycle

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/idcard"
	"fangpin/internal/regcode"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// selfReportsPerCity is the number of 一键报贫 reports of the founding
// document's city of about 14,000 households; the demo city sends as many.
const selfReportsPerCity = 1674

// selfReportCount is how many the demo sends.
const selfReportCount = selfReportsPerCity

// reportStep is one step of a reported case: its action, the role's level
// that takes it, its data and its day after the report.
type reportStep struct {
	a     casework.Action
	level int // regcode.Village, Township or County
	data  casework.Data
	after int
}

// reportPaths are the ends a demo report is taken to, with the share of
// reports that stop there: waiting for acceptance (some overdue), accepted,
// verified, reviewed, in public notice, past the township review, approved
// by the county and waiting for its enrolment (registered families only),
// or found not qualifying. No demo report is enrolled: the demo's monitored
// households are the founding document's 168, and an enrolment would add
// to them; the approved cases are the county's work waiting.
var reportPaths = []struct {
	share float64
	steps int // how many of the steps of the whole procedure, or -1 for not qualifying
}{{0.26, 0}, {0.18, 1}, {0.14, 2}, {0.07, 3}, {0.07, 4}, {0.07, 6}, {0.03, 7}, {0.18, -1}}

func procedure(noticeStart string) []reportStep {
	return []reportStep{
		{casework.ActAccept, regcode.Township, casework.Data{}, 1},
		{casework.ActVerify, regcode.Village, casework.Data{"consent": true, "notes": "入户核实：情况属实，家庭收支已核对"}, 3},
		{casework.ActReview, regcode.Village, casework.Data{"qualifies": true, "minutes": "村民代表会议评议同意"}, 5},
		{casework.ActPublishNotice, regcode.Village, casework.Data{"start": noticeStart, "place": "村务公开栏"}, 6},
		{casework.ActEndNotice, regcode.Village, casework.Data{"result": "公示期间无异议"}, 12},
		{casework.ActTownshipReview, regcode.Township, casework.Data{"approve": true}, 13},
		{casework.ActCountyApprove, regcode.County, casework.Data{"approve": true}, 14},
		{casework.ActEnrol, regcode.County, casework.Data{"category": "突发严重困难户", "risk_types": []any{"因病"},
			"announcement": "经公示无异议，纳入防止返贫监测对象"}, 15},
	}
}

var notQualifying = casework.Data{"qualifies": false, "minutes": "村民代表会议评议", "reason": "家庭人均纯收入高于监测范围"}

// reportFamily is who reports: a registered family's head, or a family not
// yet in the registry.
type reportFamily struct {
	name, id, village string
	registered        bool
}

// selfReports sends the city's 一键报贫 reports over the last two months
// from the QR codes of the villages, through the same intake the phone form
// uses, and takes each case by its cadres to where it stands today.
func (l *run) selfReports(ctx context.Context) error {
	fams, err := l.reportFamilies(ctx)
	if err != nil || len(fams) == 0 {
		return err
	}
	svc := selfreport.New(l.db, l.keys)
	svc.SetLimits(1<<30, 1<<30)
	if l.deadlines != nil {
		svc.SetDeadlines(l.deadlines)
	}
	tokens := map[string]string{}
	type planned struct {
		sub       selfreport.Submission
		at        time.Time
		day, path int
		receipt   string
		merged    bool
	}
	plan := make([]planned, selfReportCount)
	for i := range plan {
		f := fams[i%len(fams)]
		if tokens[f.village] == "" {
			if tokens[f.village], err = svc.VillageToken(ctx, store.ScopeAll(), f.village); err != nil {
				return err
			}
		}
		p := &plan[i]
		p.path = l.reportPath(f.registered)
		p.day = l.reportAge(p.path)
		p.at = l.daysAgo(p.day).Add(-2 * time.Hour)
		p.sub = selfreport.Submission{Token: tokens[f.village], HeadName: f.name, IDNumber: f.id,
			Phone: fmt.Sprintf("139%08d", 30000000+i), RiskTypes: []string{pick(l, reportRisks)}, Description: pick(l, reportTexts),
			Consent: true, IP: "10.20.0.1"}
	}
	for i := range plan {
		p := &plan[i]
		svc.SetClock(func() time.Time { return p.at })
		rc, err := svc.Submit(ctx, p.sub)
		if err != nil {
			return fmt.Errorf("report %d: %w", i, err)
		}
		p.receipt, p.merged = rc.Code, rc.Merged
	}
	// the cadres' steps, all in one transaction
	return l.db.Transact(ctx, func(tx *store.Tx) error {
		for _, p := range plan {
			if p.merged {
				continue
			}
			if err := l.walkReport(ctx, tx, p.receipt, p.day, p.path); err != nil {
				return fmt.Errorf("report %s: %w", p.receipt, err)
			}
			l.sum.SelfReports++
		}
		return nil
	})
}

// reportAge draws how many days ago a report on path was made: one day
// after its last step and a few more, a decided case up to six weeks more,
// and one in eight open cases well past its deadline.
func (l *run) reportAge(path int) int {
	last := -1
	switch {
	case path < 0:
		last = 5
	case path > 0:
		last = procedure("")[path-1].after
	}
	switch {
	case path < 0 || path == len(procedure("")):
		return last + 1 + l.r.IntN(40)
	case l.chance(0.12):
		return last + 6 + l.r.IntN(25)
	}
	return last + 1 + l.r.IntN(4)
}

// reportPath draws how far a report went: a number of steps, or -1.
func (l *run) reportPath(registered bool) int {
	x := l.r.Float64()
	for _, p := range reportPaths {
		if x < p.share {
			if p.steps == 7 && !registered {
				return 2 // a family not yet registered waits to be registered after verification
			}
			return p.steps
		}
		x -= p.share
	}
	return 0
}

// walkReport takes the case of report receipt, made day days ago, along
// path.
func (l *run) walkReport(ctx context.Context, tx *store.Tx, receipt string, day, path int) error {
	if path == 0 {
		return nil
	}
	var id int64
	var village string
	if err := tx.QueryRowContext(ctx, `SELECT c.id, c.region_code FROM cases c JOIN self_reports r
		ON r.case_id = c.id WHERE r.receipt = ?`, receipt).Scan(&id, &village); err != nil {
		return err
	}
	steps := procedure(l.daysAgo(day - 6).Format(time.DateOnly))
	if path < 0 {
		steps = append(steps[:2:2], reportStep{casework.ActReview, regcode.Village, notQualifying, 5})
	} else {
		steps = steps[:path]
	}
	for _, s := range steps {
		by := auth.User{Username: "demo", DisplayName: levelNames[s.level], Role: levelRoles[s.level],
			Region: regcode.AncestorAt(village, s.level)}
		if _, err := casework.Act(as(ctx, by), tx, store.ScopeAll(), by, id, s.a, "", s.data, l.daysAgo(day-s.after)); err != nil {
			return err
		}
	}
	return nil
}

var (
	levelRoles  = map[int]auth.Role{regcode.Village: auth.RoleVillage, regcode.Township: auth.RoleTownship, regcode.County: auth.RoleCounty}
	levelNames  = map[int]string{regcode.Village: "村级信息员", regcode.Township: "乡镇审核员", regcode.County: "县级审定"}
	reportRisks = []string{"因病", "因病", "因学", "因残", "因意外事故", "因务工就业不稳", "因缺劳动力", "因产业失败"}
	reportTexts = []string{"家里老人住院，花了两万多，新农合报销后还差很多", "孩子上大学学费交不上",
		"今年外出打工没找到活，家里没有收入", "养的牛得病死了好几头，贷款还不上", "丈夫干活摔伤了腿，几个月不能干活"}
)

func pick(l *run, vs []string) string { return vs[l.r.IntN(len(vs))] }

// reportFamilies are the heads of the first households not under
// monitoring, one in four of them, and as many families not yet
// registered, each in a village of the city.
func (l *run) reportFamilies(ctx context.Context) ([]reportFamily, error) {
	rows, err := l.db.Reader().QueryContext(ctx, `SELECT p.name, p.id_enc, h.region_code FROM households h
		JOIN persons p ON p.household_id = h.id AND p.relation = '户主' AND p.active = 1
		WHERE h.identified_month IS NULL ORDER BY h.id`)
	if err != nil {
		return nil, err
	}
	var fams []reportFamily
	n := 0
	for rows.Next() {
		var f reportFamily
		var enc []byte
		if err := rows.Scan(&f.name, &enc, &f.village); err != nil {
			rows.Close()
			return nil, err
		}
		if n++; n%4 != 0 || len(fams) >= selfReportCount*2/3 {
			continue
		}
		if f.id, err = l.keys.Open(enc); err != nil {
			rows.Close()
			return nil, err
		}
		f.registered = true
		fams = append(fams, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(fams) == 0 {
		return nil, err
	}
	for i := 0; len(fams) < selfReportCount; i++ { // families that moved in or split off: not yet registered
		v := fams[(i*7)%len(fams)].village
		born := l.daysAgo(365 * (25 + i%40)).Format("20060102")
		id := v[:6] + born + fmt.Sprintf("%03d", 900+(i/40)%100)
		fams = append(fams, reportFamily{name: surnames[i%len(surnames)] + givens[(i/3)%len(givens)], id: id + string(idcard.CheckChar(id)), village: v})
	}
	return fams, nil
}
