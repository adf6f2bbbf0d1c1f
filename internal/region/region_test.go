package region

import "testing"

func TestLevelName(t *testing.T) {
	want := map[int]string{0: "", 1: "省", 2: "市", 3: "县", 4: "乡镇", 5: "村", 6: ""}
	for level, name := range want {
		if got := LevelName(level); got != name {
			t.Errorf("LevelName(%d) = %q, want %q", level, got, name)
		}
	}
}

func TestIsVillageCommittee(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"620102001001", false}, // 社区居委会
		{"620102001199", false},
		{"620102010200", true},
		{"620102010201", true}, // 红沟村民委员会
		{"620102010399", true},
		{"620102010400", false},
		{"620102010000", false}, // a township
		{"62010201020", false},
		{"62010201020x", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsVillageCommittee(tt.code); got != tt.want {
			t.Errorf("IsVillageCommittee(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}
