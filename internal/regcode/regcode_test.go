package regcode

import (
	"slices"
	"testing"
)

func TestPrefixAndLevel(t *testing.T) {
	cases := []struct {
		code, prefix string
		level        int
	}{
		{"620000000000", "62", Province},
		{"620300000000", "6203", City},
		{"620302000000", "620302", County},
		{"620302100000", "620302100", Township},
		{"620302100200", "620302100200", Village},
		{"620302100001", "620302100001", Village},
		{"000000000000", "", 0},
		{"62030210020", "", 0},
		{"62030210020x", "", 0},
		{"", "", 0},
	}
	for _, c := range cases {
		p, err := Prefix(c.code)
		if p != c.prefix || (err == nil) != (c.level > 0) || Level(c.code) != c.level {
			t.Errorf("%q: prefix %q, %v, level %d", c.code, p, err, Level(c.code))
		}
	}
}

func TestAncestors(t *testing.T) {
	got := Ancestors("620302100200")
	want := []string{"620000000000", "620300000000", "620302000000", "620302100000", "620302100200"}
	if !slices.Equal(got, want) {
		t.Errorf("Ancestors: %v", got)
	}
	if got := Ancestors("620302000000"); len(got) != 3 || got[2] != "620302000000" {
		t.Errorf("county: %v", got)
	}
	if AncestorAt("620302100200", County) != "620302000000" || AncestorAt("620300000000", County) != "" {
		t.Error("AncestorAt")
	}
	if Pad("6203") != "620300000000" || Pad("") != "000000000000" {
		t.Error("Pad")
	}
}
