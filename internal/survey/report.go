// Package survey writes the survey report (调研报告) of a region as of a
// date from the data, in the structure of the founding document: 一、总体情况
// with its four parts and 二、存在的问题. Every figure is computed
// (docs/survey.md); the overview figures are stats.Compute's, so they equal
// `stats --json`'s. WriteHTML and WriteDOCX render it.
package survey

import (
	"context"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// Kind is the kind of a block of the report.
type Kind int

// Kinds of blocks.
const (
	Heading1 Kind = iota + 1
	Heading2
	Paragraph
	Figure
)

// Block is a heading, a paragraph or a chart.
type Block struct {
	Kind  Kind
	Text  string
	Chart *Chart // Figure
}

// Chart is a bar chart: a title, a unit and labelled values.
type Chart struct {
	Title string
	Unit  string
	Bars  []Bar
}

// Bar is one bar of a chart.
type Bar struct {
	Label string
	Value int
}

// Report is the survey report of a region as of a day.
type Report struct {
	Title    string
	Region   region.Region // its name of as_of
	Word     string        // 市, 县, 区, 镇…
	AsOf     civil.Date
	Settings Settings
	Figures  *Figures
	Blocks   []Block
}

// Build computes the report of region code (inside scope) as of asOf with
// the stored thresholds.
func Build(ctx context.Context, db *store.DB, scope store.Scope, code string, asOf time.Time) (*Report, error) {
	set, err := LoadSettings(ctx, db.Reader())
	if err != nil {
		return nil, err
	}
	return BuildWith(ctx, db, scope, code, asOf, set)
}

// BuildWith is Build with given thresholds.
func BuildWith(ctx context.Context, db *store.DB, scope store.Scope, code string, asOf time.Time, set Settings) (*Report, error) {
	if err := set.Validate(); err != nil {
		return nil, err
	}
	if _, err := scope.Narrow(code); err != nil {
		return nil, err
	}
	day := civil.FromYMD(asOf.Date()) // the day asOf names in its own location, as stats reads it
	reg, err := region.FindAt(ctx, db.Reader(), code, day.String())
	if err != nil {
		return nil, err
	}
	f, err := compute(ctx, db, scope, code, asOf, set)
	if err != nil {
		return nil, err
	}
	return compose(reg, day, set, f), nil
}

// compose writes the report of figures f.
func compose(reg region.Region, day civil.Date, set Settings, f *Figures) *Report {
	r := &Report{Region: reg, Word: Word(reg), AsOf: day, Settings: set, Figures: f}
	r.Title = reg.Name + "关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作情况的调研报告"
	r.write()
	return r
}

// w appends blocks.
func (r *Report) h1(s string)     { r.Blocks = append(r.Blocks, Block{Kind: Heading1, Text: s}) }
func (r *Report) h2(s string)     { r.Blocks = append(r.Blocks, Block{Kind: Heading2, Text: s}) }
func (r *Report) p(s string)      { r.Blocks = append(r.Blocks, Block{Kind: Paragraph, Text: s}) }
func (r *Report) chart(c *Chart)  { r.Blocks = append(r.Blocks, Block{Kind: Figure, Chart: c}) }
func (r *Report) all() string     { return "全" + r.Word }
func (r *Report) ours() string    { return "我" + r.Word }
func hp(h, p int) string          { return num(h) + "户" + num(p) + "人" }
func (r *Report) date() string    { return r.AsOf.Chinese() }
func categoryLabels() []string    { return registry.Categories }
func chineseOrdinal(i int) string { return "（" + ordinals[i] + "）" }

var ordinals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
