package stats

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// The units of the sectors figures. Money is held in fen and shown in yuan.
const (
	UnitPersons     = "人"
	UnitHouseholds  = "户"
	UnitPersonTimes = "人次"
	UnitYuan        = "元"
	UnitSchemes     = "处" // water schemes
	UnitSamples     = "份" // water samples
	UnitProblems    = "个" // water problems
	UnitCount       = "个" // projects, entities, villages
	UnitToilets     = "座" // toilets renovated
	UnitPayouts     = "笔" // dividend payouts
)

// SectorFigure describes one figure of the sectors block for the pages,
// the tables and the lists behind the figures (docs/figures.md, "Sectors
// (三保障)"). A figure is the sum of its entries' values: the persons or
// households it counts (value 1), their person-times, or their amounts.
type SectorFigure struct {
	Key    string // "<sector>.<field>": the JSON path of the field in the block
	Zh, En string
	Unit   string
	field  func(*Sectors) any // the field: *int or *int64
}

// SectorName names one sector (三保障 and the others). Whole: its figures
// are the region's as a whole (water: schemes serve several villages), not
// sums over persons or households; they have no list, and a child region's
// are computed for it (SectorDetail.Within leaves them 0).
type SectorName struct {
	Key, Zh, En string
	Whole       bool
}

// SectorNames are the sectors in the order pages show them. A new sector
// of the block is one more line here.
var SectorNames = []SectorName{
	{"education", "教育", "Education", false},
	{"medical", "医疗", "Medical", false},
	{"housing", "住房", "Housing", false},
	{"employment", "就业", "Employment", false},
	{"water", "饮水安全", "Drinking water", true},
	{"projects", "项目库与产业链", "Projects and industry chains", true},
	{"labour", "转移就业", "Labour transfer", true},
	{"entities", "联农带农", "Business entities linking farmers", true},
	{"village", "和美乡村", "Village construction", true},
}

// SectorFigures are the figures of the block in the order pages and tables
// show them. A new field of Sectors is shown on the sector pages, the
// dashboard and the tables by one more line here (its computation adds its
// entries with sectorRun.add under the same key).
var SectorFigures = []SectorFigure{
	{"education.aid_amount", "教育资助金额", "Education aid", UnitYuan, func(s *Sectors) any { return &s.Education.AidAmount }},
	{"education.aid_person_times", "资助人次", "Aid person-times", UnitPersonTimes, func(s *Sectors) any { return &s.Education.AidPersonTimes }},
	{"education.aid_formerly_poor_person_times", "其中脱贫户资助人次", "Of them, formerly poor", UnitPersonTimes, func(s *Sectors) any { return &s.Education.AidFormerlyPoorPersonTimes }},
	{"education.dropouts_compulsory", "义务教育阶段辍学", "Compulsory-age dropouts", UnitPersons, func(s *Sectors) any { return &s.Education.DropoutsCompulsory }},
	{"education.dropouts_followed", "其中控辍保学跟踪", "Of them, followed up", UnitPersons, func(s *Sectors) any { return &s.Education.DropoutsFollowed }},
	{"education.dropouts_returned", "劝返复学", "Returned to school", UnitPersons, func(s *Sectors) any { return &s.Education.DropoutsReturned }},
	{"medical.low_income_persons_reimbursed", "低收入人口就医报销人数", "Low-income persons reimbursed", UnitPersons, func(s *Sectors) any { return &s.Medical.LowIncomePersonsReimbursed }},
	{"medical.basic", "基本医保报销", "Basic insurance paid", UnitYuan, func(s *Sectors) any { return &s.Medical.Basic }},
	{"medical.serious_illness", "大病保险报销", "Serious-illness insurance paid", UnitYuan, func(s *Sectors) any { return &s.Medical.SeriousIllness }},
	{"medical.assistance", "医疗救助", "Medical assistance", UnitYuan, func(s *Sectors) any { return &s.Medical.Assistance }},
	{"medical.low_income_persons", "农村低收入人口", "Low-income persons", UnitPersons, func(s *Sectors) any { return &s.Medical.LowIncomePersons }},
	{"medical.low_income_insured", "其中参加基本医保", "Of them, insured", UnitPersons, func(s *Sectors) any { return &s.Medical.LowIncomeInsured }},
	{"medical.premium_subsidy", "资助参保金额", "Premium subsidy", UnitYuan, func(s *Sectors) any { return &s.Medical.PremiumSubsidy }},
	{"medical.doctor_households_total", "脱贫户和监测户", "Formerly poor and monitored households", UnitHouseholds, func(s *Sectors) any { return &s.Medical.DoctorHouseholdsTotal }},
	{"medical.doctor_households", "其中签约家庭医生", "Of them, with a family doctor", UnitHouseholds, func(s *Sectors) any { return &s.Medical.DoctorHouseholds }},
	{"housing.households_checked", "住房安全鉴定户数", "Households rated", UnitHouseholds, func(s *Sectors) any { return &s.Housing.HouseholdsChecked }},
	{groupFormerlyPoor, "鉴定户中：脱贫户", "Rated: formerly poor", UnitHouseholds, func(s *Sectors) any { return &s.Housing.PriorityGroups.FormerlyPoor }},
	{groupMonitored, "鉴定户中：监测对象", "Rated: monitored", UnitHouseholds, func(s *Sectors) any { return &s.Housing.PriorityGroups.Monitored }},
	{groupDibao, "鉴定户中：低保户", "Rated: dibao", UnitHouseholds, func(s *Sectors) any { return &s.Housing.PriorityGroups.Dibao }},
	{groupTekun, "鉴定户中：特困户", "Rated: tekun", UnitHouseholds, func(s *Sectors) any { return &s.Housing.PriorityGroups.Tekun }},
	{groupTekunDispersed, "鉴定户中：分散供养特困户", "Rated: tekun, dispersed", UnitHouseholds, func(s *Sectors) any { return &s.Housing.PriorityGroups.TekunDispersed }},
	{groupOther, "鉴定户中：其他困难户", "Rated: other", UnitHouseholds, func(s *Sectors) any { return &s.Housing.PriorityGroups.Other }},
	{"housing.unsafe", "危房户（C/D级未改造）", "Unsafe houses (C/D)", UnitHouseholds, func(s *Sectors) any { return &s.Housing.Unsafe }},
	{"housing.retrofits_completed", "完成危房改造户数", "Retrofits completed", UnitHouseholds, func(s *Sectors) any { return &s.Housing.RetrofitsCompleted }},
	{"housing.retrofit_subsidy", "危房改造补助资金", "Retrofit subsidy", UnitYuan, func(s *Sectors) any { return &s.Housing.RetrofitSubsidy }},
	{"employment.formerly_poor_transferred", "脱贫人口务工人数", "Formerly poor at work", UnitPersons, func(s *Sectors) any { return &s.Employment.FormerlyPoorTransferred }},
	// water is per scheme, not per person: no list (SectorName.Whole)
	{"water.schemes", "供水工程", "Water schemes", UnitSchemes, func(s *Sectors) any { return &s.Water.Schemes }},
	{"water.samples", "水质抽检水样", "Water samples", UnitSamples, func(s *Sectors) any { return &s.Water.Samples }},
	{"water.samples_qualified", "其中合格", "Of them, qualified", UnitSamples, func(s *Sectors) any { return &s.Water.SamplesQualified }},
	{"water.open_problems", "未解决的饮水问题", "Open water problems", UnitProblems, func(s *Sectors) any { return &s.Water.OpenProblems }},
	{"water.households_affected", "供水工程问题涉及户数", "Households served by a scheme with a problem", UnitHouseholds, func(s *Sectors) any { return &s.Water.HouseholdsAffected }},
	// 联农带农 and 和美乡村 (issue 14): the region's as a whole, no list
	{"projects.projects", "项目库项目", "Library projects", UnitCount, func(s *Sectors) any { return &s.Projects.Projects }},
	{"projects.planned_fen", "计划投资", "Planned investment", UnitYuan, func(s *Sectors) any { return &s.Projects.PlannedFen }},
	{"projects.completed_fen", "完成投资", "Completed investment", UnitYuan, func(s *Sectors) any { return &s.Projects.CompletedFen }},
	{"projects.linkage_fen", "衔接资金", "Linkage funds", UnitYuan, func(s *Sectors) any { return &s.Projects.LinkageFen }},
	{"projects.linkage_industry_fen", "其中用于产业发展", "Of them, for industry", UnitYuan, func(s *Sectors) any { return &s.Projects.LinkageIndustryFen }},
	{"projects.chain_projects", "产业链项目", "Industry-chain projects", UnitCount, func(s *Sectors) any { return &s.Projects.ChainProjects }},
	{"projects.chain_completed_fen", "产业链项目完成投资", "Chain projects' completed investment", UnitYuan, func(s *Sectors) any { return &s.Projects.ChainCompletedFen }},
	{"projects.output_fen", "产业链产值", "Industry-chain output", UnitYuan, func(s *Sectors) any { return &s.Projects.OutputFen }},
	{"labour.transferred", "转移就业脱贫劳动力", "Formerly poor labour transferred", UnitPersons, func(s *Sectors) any { return &s.Labour.Transferred }},
	{"labour.income_fen", "劳务收入", "Labour income", UnitYuan, func(s *Sectors) any { return &s.Labour.IncomeFen }},
	{"labour.subsidised", "发放一次性交通补助人数", "Persons paid a transport subsidy", UnitPersons, func(s *Sectors) any { return &s.Labour.Subsidised }},
	{"labour.subsidy_amount_fen", "一次性交通补助金额", "Transport subsidies paid", UnitYuan, func(s *Sectors) any { return &s.Labour.SubsidyAmountFen }},
	{"entities.entities", "新型经营主体", "Business entities", UnitCount, func(s *Sectors) any { return &s.Entities.Entities }},
	{"entities.townships", "覆盖乡镇", "Townships covered", UnitCount, func(s *Sectors) any { return &s.Entities.Townships }},
	{"entities.villages", "覆盖村", "Villages covered", UnitCount, func(s *Sectors) any { return &s.Entities.Villages }},
	{"entities.households_linked", "联结带动农户", "Households linked", UnitHouseholds, func(s *Sectors) any { return &s.Entities.HouseholdsLinked }},
	{"entities.shares_fen", "农户入股资金", "Household shares", UnitYuan, func(s *Sectors) any { return &s.Entities.SharesFen }},
	{"entities.agreement_households", "签订分红协议农户", "Households with a dividend agreement", UnitHouseholds, func(s *Sectors) any { return &s.Entities.AgreementHouseholds }},
	{"entities.payouts_due", "应兑付分红", "Dividend payouts due", UnitPayouts, func(s *Sectors) any { return &s.Entities.PayoutsDue }},
	{"entities.payouts_paid", "其中已兑付", "Of them, paid", UnitPayouts, func(s *Sectors) any { return &s.Entities.PayoutsPaid }},
	{"entities.overdue", "逾期未兑付", "Overdue payouts", UnitPayouts, func(s *Sectors) any { return &s.Entities.Overdue }},
	{"entities.only_weak", "仅以土地流转、租赁或雇工联结", "Linked only by land lease, rent or hired labour", UnitCount, func(s *Sectors) any { return &s.Entities.OnlyWeak }},
	{"village.villages", "汇集指标的行政村", "Villages with indicators", UnitCount, func(s *Sectors) any { return &s.Village.Villages }},
	{"village.plan_done", "完成实用性村庄规划", "Village plans done", UnitCount, func(s *Sectors) any { return &s.Village.PlanDone }},
	{"village.demo_provincial", "省级和美乡村示范村", "Provincial demonstration villages", UnitCount, func(s *Sectors) any { return &s.Village.DemoProvincial }},
	{"village.demo_city", "市级和美乡村示范村", "City demonstration villages", UnitCount, func(s *Sectors) any { return &s.Village.DemoCity }},
	{"village.toilets_done", "完成户厕改造", "Toilets renovated", UnitToilets, func(s *Sectors) any { return &s.Village.ToiletsDone }},
	{"village.sanitary_households", "使用卫生厕所农户", "Households with a sanitary toilet", UnitHouseholds, func(s *Sectors) any { return &s.Village.SanitaryHouseholds }},
	{"village.registered_households", "登记农户", "Registered households", UnitHouseholds, func(s *Sectors) any { return &s.Village.RegisteredHouseholds }},
	{"village.with_cleaners_vehicles", "配备保洁员和收运车辆的村", "Villages with cleaners and vehicles", UnitCount, func(s *Sectors) any { return &s.Village.WithCleanersVehicles }},
	{"village.sewage_treated", "生活污水有效治理的村", "Villages treating sewage", UnitCount, func(s *Sectors) any { return &s.Village.SewageTreated }},
	{"village.all_lists", "三项清单齐全的村", "Villages with all three lists", UnitCount, func(s *Sectors) any { return &s.Village.AllLists }},
}

// Sector is the sector of the figure: the part of its key before the dot.
func (f SectorFigure) Sector() string { s, _, _ := strings.Cut(f.Key, "."); return s }

// Whole reports whether the figure is its region's as a whole, with no
// list (SectorName.Whole).
func (f SectorFigure) Whole() bool {
	for _, n := range SectorNames {
		if n.Key == f.Sector() {
			return n.Whole
		}
	}
	return false
}

// Money reports whether the figure is an amount in fen.
func (f SectorFigure) Money() bool { return f.Unit == UnitYuan }

// Of is the figure's value in the block s.
func (f SectorFigure) Of(s *Sectors) int64 {
	switch p := f.field(s).(type) {
	case *int:
		return int64(*p)
	case *int64:
		return *p
	}
	panic(fmt.Sprintf("stats: sector figure %s: field of type %T", f.Key, f.field(s)))
}

// add adds v to the figure's field of s.
func (f SectorFigure) add(s *Sectors, v int64) {
	switch p := f.field(s).(type) {
	case *int:
		*p += int(v)
	case *int64:
		*p += v
	default:
		panic(fmt.Sprintf("stats: sector figure %s: field of type %T", f.Key, p))
	}
}

// FindSectorFigure returns the figure of key.
func FindSectorFigure(key string) (SectorFigure, bool) {
	for _, f := range SectorFigures {
		if f.Key == key {
			return f, true
		}
	}
	return SectorFigure{}, false
}

// SectorEntry is one person or household a figure counts, with what it
// adds to the figure.
type SectorEntry struct {
	Household int64
	Person    int64  // the person counted; for a household figure, the head the row names
	Village   string // the household's village on as_of
	Value     int64  // 1 for a count, the person-times, or the amount in fen
}

// SectorDetail is the sectors block of a region with, per figure key, the
// entries it sums. Entries holds them in no order and is never changed: a
// remembered block's are shared by its callers (rememberedSectors); List
// orders a copy of a figure's (the overview sums them and never lists, so
// only a list is sorted).
type SectorDetail struct {
	Sectors Sectors
	Entries map[string][]SectorEntry

	lists *sortedLists // shared by the details of the same entries
}

// sortedLists holds the figures' entries List has sorted.
type sortedLists struct {
	mu     sync.Mutex
	sorted map[string][]SectorEntry
}

// List is the entries of the figure key ordered by village, household and
// person; the caller does not change them.
func (d *SectorDetail) List(key string) []SectorEntry {
	d.lists.mu.Lock()
	defer d.lists.mu.Unlock()
	if es, ok := d.lists.sorted[key]; ok {
		return es
	}
	es := slices.Clone(d.Entries[key])
	slices.SortFunc(es, func(a, b SectorEntry) int {
		if c := strings.Compare(a.Village, b.Village); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Household, b.Household); c != 0 {
			return c
		}
		return cmp.Compare(a.Person, b.Person)
	})
	d.lists.sorted[key] = es
	return es
}

// Within is the block of the villages whose code starts with prefix (a
// region's prefix, regcode.Prefix): every figure but the Whole ones (0
// here) is a sum over persons or households, each in one village on as_of;
// the shares are derived from the counts.
func (d *SectorDetail) Within(prefix string) Sectors {
	var out Sectors
	for _, f := range SectorFigures {
		for _, e := range d.Entries[f.Key] {
			if strings.HasPrefix(e.Village, prefix) {
				f.add(&out, e.Value)
			}
		}
	}
	out.setShares()
	return out
}

// Listed reports whether the figure f is the sum of its entries: false for
// a figure its step writes directly, without recording the entries behind
// it (it has no list yet).
func (d *SectorDetail) Listed(f SectorFigure) bool {
	var sum int64
	for _, e := range d.Entries[f.Key] {
		sum += e.Value
	}
	return sum == f.Of(&d.Sectors)
}

// newSectorDetail adds the entries to the block base (the fields written
// without entries).
func newSectorDetail(base Sectors, entries map[string][]SectorEntry) *SectorDetail {
	d := &SectorDetail{Sectors: base, Entries: entries, lists: &sortedLists{sorted: map[string][]SectorEntry{}}}
	for _, f := range SectorFigures {
		for _, e := range entries[f.Key] {
			f.add(&d.Sectors, e.Value)
		}
	}
	d.Sectors.setShares()
	return d
}
