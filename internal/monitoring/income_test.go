package monitoring

import (
	"testing"

	"fangpin/internal/fault"
)

func TestComputeIncome(t *testing.T) {
	cases := []struct {
		name                  string
		lines                 map[string]int64
		members               int
		net, perCapita, after int64
		groups                map[string]int64
		errField              string
	}{
		{name: "empty worksheet", members: 3},
		{
			name: "every group, divides exactly",
			lines: map[string]int64{"wage.migrant": 2_400_000, "wage.public_job": 600_000, "business.crops": 500_000,
				"property.dividend": 30_000, "transfer.pension": 270_000, "cost.business": 200_000},
			members: 4, net: 3_600_000, perCapita: 900_000, after: 900_000,
			groups: map[string]int64{GroupWage: 3_000_000, GroupBusiness: 500_000, GroupProperty: 30_000,
				GroupTransfer: 270_000, GroupCost: 200_000},
		},
		{
			name:    "rounded down",
			lines:   map[string]int64{"wage.local": 1_000_000},
			members: 3, net: 1_000_000, perCapita: 333_333, after: 333_333,
		},
		{
			name:    "loss year rounds toward minus infinity",
			lines:   map[string]int64{"business.livestock": 100_000, "cost.business": 200_000},
			members: 3, net: -100_000, perCapita: -33_334, after: -33_334,
		},
		{
			name: "claims and compliant spending are beside, not inside",
			lines: map[string]int64{"wage.migrant": 3_000_000, "claims": 500_000, "compliant.medical": 1_800_000,
				"compliant.education": 200_000},
			members: 2, net: 3_000_000, perCapita: 1_500_000, after: 750_000,
			groups: map[string]int64{GroupWage: 3_000_000, GroupClaims: 500_000, GroupCompliant: 2_000_000},
		},
		{
			name:    "claims larger than spending raise the second figure",
			lines:   map[string]int64{"transfer.dibao": 900_000, "claims": 300_000, "compliant.medical": 100_000},
			members: 1, net: 900_000, perCapita: 900_000, after: 1_100_000,
		},
		{name: "zero members", lines: map[string]int64{"wage.local": 1}, members: 0, errField: "members"},
		{name: "absurd household", members: MaxMembers + 1, errField: "members"},
		{name: "negative line", lines: map[string]int64{"wage.local": -1}, members: 2, errField: "lines.wage.local"},
		{name: "absurd line", lines: map[string]int64{"property.land": MaxLineFen + 1}, members: 2, errField: "lines.property.land"},
		{name: "largest line", lines: map[string]int64{"property.land": MaxLineFen}, members: 2, net: MaxLineFen,
			perCapita: MaxLineFen / 2, after: MaxLineFen / 2},
		{name: "unknown item", lines: map[string]int64{"wage.bonus": 1}, members: 2, errField: "lines.wage.bonus"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, err := ComputeIncome(c.lines, c.members)
			if c.errField != "" {
				if !isInvalid(err, c.errField) {
					t.Fatalf("error %v, want one about %s", err, c.errField)
				}
				if e, _ := fault.As(err); !hasHan(e.Error()) || e.Message(fault.EN) == e.Error() {
					t.Errorf("message not in Chinese, or no English: %q / %q", e.Error(), e.Message(fault.EN))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if in.NetFen != c.net || in.PerCapitaFen != c.perCapita || in.AfterSpendingFen != c.after {
				t.Errorf("net %d per capita %d after %d, want %d %d %d", in.NetFen, in.PerCapitaFen,
					in.AfterSpendingFen, c.net, c.perCapita, c.after)
			}
			for g, want := range c.groups {
				if in.Groups[g] != want {
					t.Errorf("group %s = %d, want %d", g, in.Groups[g], want)
				}
			}
		})
	}
}

// TestItemsCoverGroups: every group of the national block has lines, codes
// are unique and prefixed by their group.
func TestItemsCoverGroups(t *testing.T) {
	seen, groups := map[string]bool{}, map[string]int{}
	for _, it := range Items {
		if seen[it.Code] || it.Label == "" || GroupLabels[it.Group] == "" {
			t.Errorf("item %+v", it)
		}
		if it.Code != it.Group && !hasPrefix(it.Code, it.Group+".") {
			t.Errorf("item %s outside its group %s", it.Code, it.Group)
		}
		seen[it.Code] = true
		groups[it.Group]++
	}
	if len(groups) != len(GroupLabels) {
		t.Errorf("groups with lines: %v", groups)
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00元", 5: "0.05元", 123450: "1234.50元", -33334: "-333.34元"} {
		if got := Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %s, want %s", fen, got, want)
		}
	}
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
