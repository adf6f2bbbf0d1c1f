// Package project keeps the county project libraries (项目库) per year —
// type, industry chain, place, funds by source, planned and completed
// investment, status and the households a project benefits — and the
// industry-chain output (产业链产值) per chain, county and year, with the
// figures of docs/figures.md, "Projects (项目库与产业链)".
package project

import (
	"slices"
	"strings"

	"fangpin/internal/fault"
	"fangpin/internal/regcode"
)

// The project types.
const (
	TypeIndustry       = "产业发展"
	TypeEmployment     = "就业"
	TypeInfrastructure = "基础设施"
	TypeOther          = "其他"
)

// Types are the project types in their order.
var Types = []string{TypeIndustry, TypeEmployment, TypeInfrastructure, TypeOther}

// The project states.
const (
	StatusReserve = "储备"
	StatusActive  = "实施中"
	StatusDone    = "已完工"
)

// Statuses are the states in their order.
var Statuses = []string{StatusReserve, StatusActive, StatusDone}

// KeyChains is the setting of the industry chains a project or an output
// row may name, separated by 、 or commas.
const KeyChains = "project.chains"

// DefaultChains are the chains unless the setting says otherwise.
const DefaultChains = "菜、草、畜、果、薯、药"

// SplitList splits a list written with 、，,;； or spaces, dropping blanks.
func SplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、，,;； \t", r)
	})
}

// Funds are a project's funds by source, in fen.
type Funds struct {
	Central  int64 `json:"central"`  // 中央衔接资金
	Province int64 `json:"province"` // 省级衔接资金
	City     int64 `json:"city"`     // 市级衔接资金
	County   int64 `json:"county"`   // 县级衔接资金
	Other    int64 `json:"other"`    // 其他资金
}

// Linkage is the sum of the four 衔接资金 sources.
func (f Funds) Linkage() int64 { return f.Central + f.Province + f.City + f.County }

// Total is every source.
func (f Funds) Total() int64 { return f.Linkage() + f.Other }

// Project is one project of a county's library.
type Project struct {
	ID           int64
	Code         string // 项目编号, unique
	Name         string
	Year         int
	County       string   // the library's county code
	Township     string   // township code, "" when none
	Villages     []string // village codes
	Region       string   // the narrowest region holding the place (Place)
	Type         string   // one of Types
	Subtype      string
	Chain        string // an industry chain of the setting, "" for none
	Funds        Funds
	PlannedFen   int64
	CompletedFen int64
	Status       string // one of Statuses
	Households   int    // beneficiary households (in lists)
}

// Place is the narrowest region holding a project's county, township and
// villages: the one village, else the one township, else the county.
func Place(county, township string, villages []string) string {
	if len(villages) == 1 {
		return villages[0]
	}
	if township != "" {
		return township
	}
	if len(villages) > 0 {
		t := regcode.AncestorAt(villages[0], regcode.Township)
		for _, v := range villages[1:] {
			if regcode.AncestorAt(v, regcode.Township) != t {
				return county
			}
		}
		return t
	}
	return county
}

// Check refuses a project whose fields are out of range or do not nest;
// each reason names its field. chains are the allowed industry chains.
func (p Project) Check(chains []string) error {
	f := map[string]fault.Text{}
	if strings.TrimSpace(p.Code) == "" {
		f["code"] = fault.T("请填写项目编号", "give the project code")
	}
	if strings.TrimSpace(p.Name) == "" {
		f["name"] = fault.T("请填写项目名称", "give the project name")
	}
	if p.Year < 2000 || p.Year > 2100 {
		f["year"] = fault.T("年度应为四位数年份", "the year must have four digits")
	}
	if !slices.Contains(Types, p.Type) {
		f["type"] = fault.T("项目类型应为产业发展、就业、基础设施或其他", "type must be 产业发展, 就业, 基础设施 or 其他")
	}
	if p.Chain != "" && !slices.Contains(chains, p.Chain) {
		f["chain"] = fault.T("产业链应为设置中的一项："+strings.Join(chains, "、"), "the chain must be one of the setting: "+strings.Join(chains, "、"))
	}
	if !slices.Contains(Statuses, p.Status) {
		f["status"] = fault.T("项目状态应为储备、实施中或已完工", "status must be 储备, 实施中 or 已完工")
	}
	if p.Funds.Central < 0 || p.Funds.Province < 0 || p.Funds.City < 0 || p.Funds.County < 0 || p.Funds.Other < 0 {
		f["funds"] = fault.T("资金不能为负", "funds cannot be negative")
	}
	if p.PlannedFen < 0 {
		f["planned"] = fault.T("计划投资不能为负", "planned investment cannot be negative")
	}
	if p.CompletedFen < 0 {
		f["completed"] = fault.T("完成投资不能为负", "completed investment cannot be negative")
	}
	if msg := p.placeProblem(); msg != "" {
		f["region"] = fault.T(msg, "the county, township and villages do not nest")
	}
	if len(f) > 0 {
		return fault.InvalidFields(f)
	}
	return nil
}

// placeProblem says in Chinese why the county, township and villages do
// not nest, or "".
func (p Project) placeProblem() string {
	if regcode.Level(p.County) != regcode.County {
		return "县（区）代码应为县级区划代码"
	}
	if p.Township != "" && (regcode.Level(p.Township) != regcode.Township || regcode.AncestorAt(p.Township, regcode.County) != p.County) {
		return "乡镇代码应为本县的乡镇级区划代码"
	}
	for _, v := range p.Villages {
		if regcode.Level(v) != regcode.Village || regcode.AncestorAt(v, regcode.County) != p.County ||
			p.Township != "" && regcode.AncestorAt(v, regcode.Township) != p.Township {
			return "村代码 " + v + " 不在本县（乡镇）"
		}
	}
	return ""
}
