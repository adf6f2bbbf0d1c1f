package project

import (
	"strings"
	"testing"

	"fangpin/internal/fault"
)

func TestPlace(t *testing.T) {
	for _, c := range []struct {
		township string
		villages []string
		want     string
	}{
		{"", nil, "620321000000"},
		{"620321100000", nil, "620321100000"},
		{"", []string{"620321100201"}, "620321100201"},
		{"", []string{"620321100201", "620321100202"}, "620321100000"},
		{"", []string{"620321100201", "620321101201"}, "620321000000"},
		{"620321100000", []string{"620321100201", "620321100202"}, "620321100000"},
	} {
		if got := Place("620321000000", c.township, c.villages); got != c.want {
			t.Errorf("Place(%q, %v) = %s, want %s", c.township, c.villages, got, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	chains := SplitList(DefaultChains)
	ok := Project{Code: "P1", Name: "肉牛养殖", Year: 2026, County: "620321000000", Type: TypeIndustry, Chain: "畜",
		Status: StatusActive, PlannedFen: 100}
	if err := ok.Check(chains); err != nil {
		t.Fatal(err)
	}
	for field, mutate := range map[string]func(*Project){
		"code":      func(p *Project) { p.Code = " " },
		"year":      func(p *Project) { p.Year = 1999 },
		"type":      func(p *Project) { p.Type = "产业" },
		"chain":     func(p *Project) { p.Chain = "茶" },
		"status":    func(p *Project) { p.Status = "完工" },
		"funds":     func(p *Project) { p.Funds.Other = -1 },
		"planned":   func(p *Project) { p.PlannedFen = -1 },
		"completed": func(p *Project) { p.CompletedFen = -1 },
		"region":    func(p *Project) { p.Villages = []string{"620302100201"} }, // another county's village
	} {
		p := ok
		mutate(&p)
		e, isFault := fault.As(p.Check(chains))
		if !isFault || e.Fields[field].Zh == "" {
			t.Errorf("%s: %v", field, e)
		}
	}
	if p := ok; true {
		p.Township = "620321101000"
		p.Villages = []string{"620321100201"} // not of that township
		if _, isFault := fault.As(p.Check(chains)); !isFault {
			t.Error("a village outside the township passed")
		}
	}
}

func TestFunds(t *testing.T) {
	f := Funds{Central: 1, Province: 20, City: 300, County: 4000, Other: 50000}
	if f.Linkage() != 4321 || f.Total() != 54321 {
		t.Fatalf("linkage %d total %d", f.Linkage(), f.Total())
	}
}

func TestSplitList(t *testing.T) {
	if got := SplitList(" 菜、草，畜,果;薯；药  "); strings.Join(got, "|") != "菜|草|畜|果|薯|药" {
		t.Fatalf("SplitList: %q", got)
	}
}
