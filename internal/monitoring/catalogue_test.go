package monitoring

import (
	"testing"

	"fangpin/internal/casework"
)

func TestCatalogue(t *testing.T) {
	c := Catalogue()
	if len(c) != 14 {
		t.Fatalf("%d measure types, want the 14 of the national catalogue", len(c))
	}
	var dev []string
	for _, mt := range c {
		if len(mt.Subtypes) == 0 {
			t.Errorf("%s without sub-types", mt.Name)
		}
		seen := map[string]bool{}
		for _, s := range mt.Subtypes {
			if seen[s] {
				t.Errorf("%s: sub-type %s twice", mt.Name, s)
			}
			seen[s] = true
		}
		if mt.Development {
			dev = append(dev, mt.Name)
		}
	}
	want := []string{TypeIndustry, TypeEmployment, TypeFinance, TypePublicJob}
	if len(dev) != 4 || dev[0] != want[0] || dev[1] != want[1] || dev[2] != want[2] || dev[3] != want[3] {
		t.Errorf("development types %v, want %v", dev, want)
	}
	c[0].Subtypes[0] = "changed"
	if Catalogue()[0].Subtypes[0] == "changed" {
		t.Error("Catalogue shares its slices")
	}
}

func TestContinuesAfterExit(t *testing.T) {
	cases := []struct {
		typ, sub string
		want     bool
	}{
		{TypeFinance, "小额信贷", true},
		{TypePublicJob, "乡村公益岗位", true},
		{TypeEducation, "雨露计划", true},
		{TypeCompulsory, "营养改善计划", true},
		{TypeFinance, "防贫保险", false},
		{TypeSafetyNet, SubDibao, false},
		{TypeIndustry, "养殖业", false},
	}
	for _, c := range cases {
		if got := ContinuesAfterExit(c.typ, c.sub); got != c.want {
			t.Errorf("%s·%s: %v, want %v", c.typ, c.sub, got, c.want)
		}
	}
}

// TestDefaultFitRules: every seeded row names a national risk type (but not
// 其他), a catalogue type and one of its sub-types, with a basis; every risk
// type but 其他 has rows.
func TestDefaultFitRules(t *testing.T) {
	covered := map[string]bool{}
	for _, r := range DefaultFitRules() {
		if err := r.check(); err != nil {
			t.Errorf("%+v: %v", r, err)
		}
		covered[r.RiskType] = true
	}
	for _, risk := range casework.RiskTypes {
		if covered[risk] == (risk == RiskOther) {
			t.Errorf("risk %s: covered %v", risk, covered[risk])
		}
	}
}
