// Package demo generates a deterministic synthetic city, 金昌市, shaped like
// the founding survey report: formerly-poor and ordinary households with their
// members, illness, incomes and monitoring history, as rows of the household
// template (docs/formats.md) that `import households` loads.
package demo

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// CityCode is the region code of the synthetic city, 金昌市.
const CityCode = "620300000000"

// Header is the column row of the household template, in the order Generate
// emits values.
var Header = []string{"行政区划代码", "户编号", "户类型", "姓名", "证件号码", "性别", "与户主关系", "民族", "文化程度", "在校生状况", "健康状况", "劳动技能", "务工时间（月）", "务工所在地", "户联系电话", "成员联系电话", "是否享受低保", "是否特困供养人员", "是否参加城乡居民基本医疗保险", "人均纯收入（元）", "收入年度", "监测对象类别", "识别监测时间", "风险是否已消除", "风险消除方式", "消除监测时间", "重新标注风险时间", "致贫/返贫风险1", "致贫/返贫风险2", "致贫/返贫风险3", "致贫/返贫风险4", "致贫/返贫风险5"}

// Config chooses the city to generate.
type Config struct {
	Seed  uint64    // the same Config always gives the same rows
	Scale int       // at least 1; multiplies the number of households
	Year  int       // the "current" year (≥ 2022); incomes are of Year-1
	AsOf  time.Time // last date used, in Year; zero means 31 December of Year
}

// Summary counts what Generate emitted.
type Summary struct {
	Households             int
	Persons                int
	FormerlyPoorHouseholds int // 脱贫户
	FormerlyPoorPersons    int
	Monitored              int // households ever identified (cumulative)
	Eliminated             int // households whose risk is eliminated now (风险是否已消除=是)
	Remarked               int // households re-marked in Year after an earlier elimination
}

// Generate calls emit once per person, household by household, head first.
// Each row is a new slice in Header order; an error from emit stops the run.
// Only the set of issued ID numbers grows with Scale.
func Generate(cfg Config, emit func(row []string) error) (Summary, error) {
	return generate(cfg, emit, false)
}

// generate runs Generate; with reuse, emit gets the same slice every time
// and must not keep it.
func generate(cfg Config, emit func(row []string) error, reuse bool) (Summary, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return Summary{}, err
	}
	vs, err := villages()
	if err != nil {
		return Summary{}, err
	}
	g := newGenerator(cfg, emit)
	if reuse {
		g.row = make([]string, numColumns)
	}
	if err := g.run(vs); err != nil {
		return g.sum, err
	}
	return g.sum, nil
}

// WriteCSV writes Header and the generated rows as UTF-8 CSV without a BOM
// (RFC 4180, LF line ends, as encoding/csv writes it).
func WriteCSV(w io.Writer, cfg Config) (Summary, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	write := func(row []string) error {
		writeRecord(bw, row)
		return nil
	}
	writeRecord(bw, Header)
	sum, err := generate(cfg, write, true)
	if err != nil {
		return sum, err
	}
	if err := bw.Flush(); err != nil {
		return sum, fmt.Errorf("demo: write csv: %w", err)
	}
	return sum, nil
}

// writeRecord writes one CSV record. It is encoding/csv's format, but quotes
// only the rare field that needs it after one cheap scan: csv.Writer's
// rune-by-rune writing was a third of the time at Scale 25. Write errors
// stick in bw and surface at Flush.
func writeRecord(bw *bufio.Writer, row []string) {
	for i, f := range row {
		if i > 0 {
			bw.WriteByte(',')
		}
		if !needsQuotes(f) {
			bw.WriteString(f)
			continue
		}
		bw.WriteByte('"')
		bw.WriteString(strings.ReplaceAll(f, `"`, `""`))
		bw.WriteByte('"')
	}
	bw.WriteByte('\n')
}

// needsQuotes is encoding/csv's rule for our fields: a comma, quote or line
// break anywhere, or a leading space. A byte scan suffices because UTF-8
// continuation bytes are never ASCII.
func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f[0] == ' ' || f[0] == '\t' {
		return true
	}
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// normalize checks cfg and fills in a zero AsOf.
func (c Config) normalize() (Config, error) {
	if c.Scale < 1 {
		return c, fmt.Errorf("demo: scale %d: must be at least 1", c.Scale)
	}
	if c.Year < 2022 || c.Year > 9999 {
		return c, fmt.Errorf("demo: year %d: must be 2022 or later (monitoring history starts in 2021)", c.Year)
	}
	if c.AsOf.IsZero() {
		c.AsOf = time.Date(c.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
	}
	if c.AsOf.Year() != c.Year {
		return c, fmt.Errorf("demo: as-of date %s is not in year %d", c.AsOf.Format(time.DateOnly), c.Year)
	}
	return c, nil
}
