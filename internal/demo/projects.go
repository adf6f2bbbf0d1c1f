package demo

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"

	"fangpin/internal/money"
)

// ProjectKinds are the project files ProjectCSV writes, in the order they
// are imported (fangpin project import --kind …).
var ProjectKinds = []string{"projects", "beneficiaries", "output"}

// ProjectHeaders are the columns of each project file (docs/formats.md,
// "Projects (项目库)").
var ProjectHeaders = map[string][]string{
	"projects": {"项目编号", "项目名称", "年度", "县（区）代码", "村代码", "项目类型", "项目子类型", "产业链",
		"中央衔接资金（元）", "省级衔接资金（元）", "市级衔接资金（元）", "县级衔接资金（元）", "其他资金（元）",
		"计划投资（元）", "完成投资（元）", "项目状态"},
	"beneficiaries": {"项目编号", "户编号"},
	"output":        {"产业链", "县（区）代码", "年度", "产值（元）"},
}

// The founding document's 项目库 (two county libraries, 169 projects,
// 4.3亿元, 29485万元 of linkage funds, 64.86% for industry, 37 chain
// projects) and chain output (101.2亿元, +7.3%), in fen. The chain
// projects are part of the library here, so their investment is scaled
// into its total.
const (
	demoProjects      = 169
	demoChainProjects = 37
	demoPlannedFen    = 43_000_000_000
	demoLinkageFen    = 29_485_000_000
	demoOutputFen     = 1_012_000_000_000
)

// demoChains are the chains of the projects and output (菜草畜), with
// their shares of the output.
var demoChains = []struct {
	name  string
	share float64
}{{"菜", 0.35}, {"草", 0.15}, {"畜", 0.50}}

// ProjectSummary counts the rows ProjectCSV wrote per kind.
type ProjectSummary map[string]int

// ProjectCSV writes the project library of the city Generate(cfg) emits for
// cfg.Year: projects in the villages of its two counties, the 脱贫户 of a
// project's village that an industry or employment project benefits, and
// the chain output of cfg.Year and the year before. Deterministic in cfg;
// out is called once per kind, before any row is written.
func ProjectCSV(cfg Config, out func(kind string) (io.Writer, error)) (ProjectSummary, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	poor := map[string][]string{} // village → its 脱贫户, in order
	var vs []string
	if _, err := generate(cfg, func(row []string) error {
		if row[colType] == "脱贫户" && row[colRelation] == "户主" {
			if len(poor[row[colRegion]]) == 0 {
				vs = append(vs, row[colRegion])
			}
			poor[row[colRegion]] = append(poor[row[colRegion]], row[colCode])
		}
		return nil
	}, true); err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("demo: no 脱贫户 for the projects")
	}
	w := map[string]*bufio.Writer{}
	for _, k := range ProjectKinds {
		o, err := out(k)
		if err != nil {
			return nil, err
		}
		w[k] = bufio.NewWriter(o)
		writeRecord(w[k], ProjectHeaders[k])
	}
	sum := ProjectSummary{}
	r := rand.New(rand.NewPCG(cfg.Seed^0x9e0c, cfg.Seed+0x1ab))
	weights := make([]float64, demoProjects)
	var total float64
	for i := range weights {
		weights[i] = 0.3 + 1.4*r.Float64()
		total += weights[i]
	}
	year := strconv.Itoa(cfg.Year)
	for i := range demoProjects {
		p := demoProject(r, i, weights[i]/total, vs)
		writeRecord(w["projects"], p.row(year))
		sum["projects"]++
		if p.typ == "产业发展" || p.typ == "就业" {
			hs := poor[p.village]
			n := min(len(hs), 2+r.IntN(6))
			start := r.IntN(len(hs) - n + 1)
			for _, h := range hs[start : start+n] {
				writeRecord(w["beneficiaries"], []string{p.code, h})
				sum["beneficiaries"]++
			}
		}
	}
	for _, y := range []int{cfg.Year - 1, cfg.Year} {
		all := float64(demoOutputFen)
		if y < cfg.Year {
			all /= 1.073
		}
		for _, c := range demoChains {
			for _, county := range []struct {
				code  string
				share float64
			}{{"620321000000", 0.6}, {"620302000000", 0.4}} {
				fen := int64(all*c.share*county.share/1e6) * 1e6 // whole 万元
				writeRecord(w["output"], []string{c.name, county.code, strconv.Itoa(y), money.Yuan(fen)})
				sum["output"]++
			}
		}
	}
	for _, k := range ProjectKinds {
		if err := w[k].Flush(); err != nil {
			return nil, fmt.Errorf("demo: write %s: %w", k, err)
		}
	}
	return sum, nil
}

// demoProj is one generated project.
type demoProj struct {
	code, name, village, typ, sub, chain, status string
	funds                                        [5]int64 // 中央, 省级, 市级, 县级, 其他
	planned, completed                           int64
}

// demoProject draws project i with share of the library's planned
// investment, placed in one of vs: the first demoChainProjects are
// industry-chain projects, most nearly finished; of the rest, industry
// first, then infrastructure, employment and other.
func demoProject(r *rand.Rand, i int, share float64, vs []string) demoProj {
	p := demoProj{code: fmt.Sprintf("XM%03d", i+1), village: vs[r.IntN(len(vs))]}
	p.planned = int64(share*demoPlannedFen/10000) * 10000 // whole 百元
	const linkShare = float64(demoLinkageFen) / demoPlannedFen
	switch {
	case i < demoChainProjects:
		c := demoChains[i%len(demoChains)].name
		p.typ, p.chain = "产业发展", c
		p.sub = map[string]string{"菜": "蔬菜种植", "草": "饲草种植", "畜": "肉牛肉羊养殖"}[c]
	case i < 110:
		p.typ, p.sub = "产业发展", []string{"特色种植", "设施农业", "农产品加工"}[i%3]
	case i < 150:
		p.typ, p.sub = "基础设施", []string{"产业路", "灌溉渠", "冷链仓储"}[i%3]
	case i < 162:
		p.typ, p.sub = "就业", "就业帮扶车间"
	default:
		p.typ, p.sub = "其他", ""
	}
	p.name = p.sub + "项目" + strconv.Itoa(i+1)
	if p.typ == "其他" {
		p.name = "其他帮扶项目" + strconv.Itoa(i+1)
	}
	link := int64(float64(p.planned)*linkShare/100) * 100
	p.funds = [5]int64{link / 2, link / 4, link / 10, 0, p.planned - link}
	p.funds[3] = link - p.funds[0] - p.funds[1] - p.funds[2]
	switch x := r.Float64(); {
	case i < demoChainProjects:
		p.status, p.completed = "实施中", int64(float64(p.planned)*(0.92+0.08*r.Float64())/100)*100
	case x < 0.7:
		p.status, p.completed = "已完工", p.planned
	case x < 0.9:
		p.status, p.completed = "实施中", int64(float64(p.planned)*(0.3+0.6*r.Float64())/100)*100
	default:
		p.status = "储备"
	}
	return p
}

// row is the project's line of the projects file.
func (p demoProj) row(year string) []string {
	county := p.village[:6] + "000000"
	out := []string{p.code, p.name, year, county, p.village, p.typ, p.sub, p.chain}
	for _, f := range p.funds {
		out = append(out, money.Yuan(f))
	}
	return append(out, money.Yuan(p.planned), money.Yuan(p.completed), p.status)
}
