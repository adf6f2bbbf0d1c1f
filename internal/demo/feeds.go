package demo

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"fangpin/internal/idcard"
	"fangpin/internal/money"
)

// FeedKinds are the department feeds FeedCSV writes, in the order of docs/formats.md.
var FeedKinds = []string{"medical", "education", "civil", "disability", "housing", "disaster", "employment", "death",
	"insurance", "doctor"}

// FeedHeaders are the columns of each feed (docs/formats.md).
var FeedHeaders = map[string][]string{
	"medical":    {"身份证号", "结算日期", "医疗总费用", "基本医保报销", "大病保险报销", "医疗救助", "个人自付", "疾病名称"},
	"education":  {"身份证号", "学段", "在校状态", "资助项目", "资助金额", "日期"},
	"civil":      {"身份证号", "救助类型", "金额", "开始日期", "结束日期", "供养方式"},
	"disability": {"身份证号", "残疾类别", "残疾等级", "发证日期"},
	"housing":    {"户主身份证号", "鉴定等级", "鉴定日期"},
	"disaster":   {"户主身份证号", "灾种", "损失金额", "日期"},
	"employment": {"身份证号", "就业状态", "务工地点", "月数", "日期"},
	"death":      {"身份证号", "死亡日期"},
	"insurance":  {"身份证号", "参保年度", "险种", "个人缴费", "资助参保金额", "参保日期"},
	"doctor":     {"身份证号", "签约日期", "签约团队", "到期日期"},
	RetrofitKind: {"户主身份证号", "改造类型", "危房等级", "中央补助", "省级补助", "市级补助", "县级补助", "其他补助", "开工日期", "竣工日期", "验收日期"},
}

// FeedSummary counts the rows FeedCSV wrote per kind.
type FeedSummary map[string]int

// FeedCSV writes the departments' view of the city Generate(cfg) emits: 医保
// claims of the ill (a few large enough to warn), school aid and the odd
// dropout, 低保/特困 and temporary aid, disability certificates, housing
// ratings, disaster losses, migrant work and unemployment, deaths, insurance
// enrolment and family-doctor contracts (feedsectors.go); and, under
// RetrofitKind, the housing department's retrofit ledger. A few
// medical rows belong to people registered elsewhere, so the unmatched list
// is never empty. Dates fall in the 18 months before cfg.AsOf. Deterministic
// in cfg; out is called once per kind, before any row is written.
func FeedCSV(cfg Config, out func(kind string) (io.Writer, error)) (FeedSummary, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	f := &feeder{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed^0x5eed, cfg.Seed+0xfeed)), sum: FeedSummary{},
		w: map[string]*bufio.Writer{}, r2: rand.New(rand.NewPCG(cfg.Seed^0x5ec7, cfg.Seed+0x3ba0))}
	for _, k := range append(FeedKinds, RetrofitKind) {
		w, err := out(k)
		if err != nil {
			return nil, err
		}
		f.w[k] = bufio.NewWriterSize(w, 1<<16)
		writeRecord(f.w[k], FeedHeaders[k])
	}
	var house []member
	flush := func() {
		if len(house) > 0 {
			f.household(house)
		}
		house = house[:0]
	}
	_, err = generate(cfg, func(row []string) error {
		if len(house) > 0 && house[0].code != row[colCode] {
			flush()
		}
		house = append(house, memberOf(row, cfg.AsOf))
		return nil
	}, true)
	if err != nil {
		return nil, err
	}
	flush()
	for _, k := range append(FeedKinds, RetrofitKind) {
		if err := f.w[k].Flush(); err != nil {
			return nil, fmt.Errorf("demo: write %s feed: %w", k, err)
		}
	}
	return f.sum, nil
}

// member is what the feeds need of one generated person.
type member struct {
	code, id, health, schooling, labour, place string
	head, poor, dibao, tekun, insured, planned bool
	months                                     int
	birth                                      time.Time
}

func memberOf(row []string, asOf time.Time) member {
	m := member{code: row[colCode], id: row[colID], health: row[colHealth], schooling: row[colSchooling],
		labour: row[colLabour], place: row[colPlace], head: strings.HasPrefix(row[colRelation], "户主"),
		poor: row[colType] == "脱贫户", dibao: row[colDibao] == "是", tekun: row[colTekun] == "是",
		insured: row[colInsured] == "是", planned: row[colCategory] != ""}
	m.months, _ = strconv.Atoi(row[colMonths])
	if p, err := idcard.Parse(m.id, asOf); err == nil {
		m.birth = p.Birth
	}
	return m
}

// feeder holds the state of one FeedCSV run.
type feeder struct {
	cfg Config
	r   *rand.Rand
	w   map[string]*bufio.Writer
	sum FeedSummary
	out int // strangers issued (unmatched medical rows)
	// r2 draws for the feeds added later (insurance, doctor, 供养方式), so
	// that r's draws, and the older feeds' rows, stay as they were
	r2 *rand.Rand
}

func (f *feeder) write(kind string, cols ...string) {
	writeRecord(f.w[kind], cols)
	f.sum[kind]++
}

func (f *feeder) chance(p float64) bool { return f.r.Float64() < p }

// day is a date within the last n days before AsOf, as YYYY-MM-DD.
func (f *feeder) day(n int) string {
	return f.cfg.AsOf.AddDate(0, 0, -f.r.IntN(n)).Format(time.DateOnly)
}

// yuan formats fen as 元 with two decimals.
func yuan(fen int64) string { return money.Format(fen) }

// household writes every feed row of one household.
func (f *feeder) household(ms []member) {
	for i := range ms {
		f.medical(ms[i].id, &ms[i])
		f.education(&ms[i])
		f.civil(&ms[i])
		f.disability(&ms[i])
		f.employment(&ms[i])
		f.death(&ms[i])
	}
	for i := range ms {
		if ms[i].head {
			grade, rated := f.housing(&ms[i])
			f.disaster(&ms[i])
			f.retrofit(ms, &ms[i], grade, rated)
		}
	}
	f.sectorRows(ms)
	if f.chance(0.004) {
		f.stranger()
	}
}
