package demo

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"
)

// WaterVillage is a village of the demo city for WaterCSV: its code and
// name, its township's, and its registered households.
type WaterVillage struct {
	Code, Name, Township, TownshipName string
	Households                         int
}

// WaterKinds are the files WaterCSV writes, in import order.
var WaterKinds = []string{"schemes", "samples", "problems"}

// WaterSummary counts the rows WaterCSV wrote per kind.
type WaterSummary map[string]int

// waterProblems are the problems the demo reports, each resolved a few
// days later (the founding document: every sample meets the standard, no
// supply risk found on the visits).
var waterProblems = []struct{ source, text string }{
	{"走访", "入冬后入户管道冻裂，3户临时停水"},
	{"一键报贫", "水压不足，地势较高的农户供水不稳定"},
	{"录入", "蓄水池清洗期间临时停水"},
	{"走访", "水窖渗漏，储水不足"},
	{"走访", "水表井盖损坏，存在安全隐患"},
}

// WaterCSV writes the demo city's drinking water files in the import
// templates (docs/formats.md, "Water supply"): a 集中供水 scheme for each
// township serving its villages, a 分散供水 scheme for every fifth village
// (which the township's does not serve), so every village has one; water
// samples each quarter of Year and the last one of the year before, all 合格;
// and a few problems, all resolved. villages come in code order;
// deterministic in cfg. out is called once per kind.
func WaterCSV(cfg Config, villages []WaterVillage, out func(kind string) (io.Writer, error)) (WaterSummary, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	sum := WaterSummary{}
	w := map[string]*bufio.Writer{}
	heads := map[string][]string{"schemes": {"工程编号", "工程名称", "供水方式", "行政区划代码", "受益户数"},
		"samples": {"工程编号", "检测日期", "检测结果", "检测项目"}, "problems": {"工程编号", "来源", "问题描述", "发现日期", "解决日期", "记录人", "解决人", "处理情况"}}
	for _, k := range WaterKinds {
		o, err := out(k)
		if err != nil {
			return nil, err
		}
		w[k] = bufio.NewWriter(o)
		writeRecord(w[k], heads[k])
	}
	row := func(kind string, cols ...string) { writeRecord(w[kind], cols); sum[kind]++ }
	var codes []string
	seen := map[string]bool{}
	for i, v := range villages {
		code, name, kind := "JS"+v.Township[:9], v.TownshipName+"集中供水工程", "集中供水"
		if i%5 == 4 {
			code, name, kind = "FS"+v.Code, v.Name+"分散供水工程", "分散供水"
		}
		row("schemes", code, name, kind, v.Code, strconv.Itoa(v.Households))
		if !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
	}
	for _, code := range codes {
		for _, day := range sampleDays(cfg) {
			row("samples", code, day, "合格", "水质常规指标")
		}
	}
	r := rand.New(rand.NewPCG(cfg.Seed^0x3a7e, cfg.Seed+0x5a7e))
	for i, p := range waterProblems {
		if len(codes) == 0 {
			break
		}
		reported := cfg.AsOf.AddDate(0, 0, -(20 + 45*i + r.IntN(10)))
		resolved := reported.AddDate(0, 0, 2+r.IntN(6))
		row("problems", codes[r.IntN(len(codes))], p.source, p.text, reported.Format(time.DateOnly),
			resolved.Format(time.DateOnly), "驻村工作队", "供水站", "已维修，恢复正常供水")
	}
	for _, k := range WaterKinds {
		if err := w[k].Flush(); err != nil {
			return nil, fmt.Errorf("demo: write water %s: %w", k, err)
		}
	}
	return sum, nil
}

// sampleDays are the days of the quarterly samples up to AsOf: the 10th
// of March, June, September and December of Year, and of December before.
func sampleDays(cfg Config) []string {
	out := []string{fmt.Sprintf("%d-12-10", cfg.Year-1)}
	for _, m := range []time.Month{3, 6, 9, 12} {
		d := time.Date(cfg.Year, m, 10, 0, 0, 0, 0, time.UTC)
		if !d.After(cfg.AsOf) {
			out = append(out, d.Format(time.DateOnly))
		}
	}
	return out
}
