package region

import (
	"strings"
	"testing"

	"fangpin/internal/regcode"
)

// FuzzReadCSV: any text either stops at a bad row or yields regions with a
// 12-digit code of their level, a name, a parent one level up (none for a
// province) and no code twice.
func FuzzReadCSV(f *testing.F) {
	f.Add("code,name,level,parent_code\n620000000000,甘肃省,1,\n620300000000,金昌市,2,620000000000\n")
	f.Add("\uFEFFname,code,parent_code,level,extra\n甘肃省,620000000000,,1,x\n")
	f.Add("code,name,level,parent_code\n620000000000,甘肃省,1,\n620000000000,甘肃省,1,\n")
	f.Add("code,name,level,parent_code\r\n62,x,1,\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		seen := map[string]bool{}
		ReadCSV(strings.NewReader(text), func(r Region) error {
			if len(r.Code) != 12 || strings.Trim(r.Code, "0123456789") != "" || r.Name == "" || seen[r.Code] {
				t.Fatalf("bad region accepted: %+v", r)
			}
			if r.Level < 1 || r.Level > 5 || regcode.Level(r.Code) != r.Level {
				t.Fatalf("level %d for %s", r.Level, r.Code)
			}
			if (r.Level == 1) != (r.ParentCode == "") || r.Level > 1 && r.ParentCode != regcode.AncestorAt(r.Code, r.Level-1) {
				t.Fatalf("parent %q of level %d", r.ParentCode, r.Level)
			}
			seen[r.Code] = true
			return nil
		})
	})
}

// TestReadCSVShape: found by FuzzReadCSV: a level that contradicts the
// code's shape, or a parent that is not the code's ancestor, was accepted.
func TestReadCSVShape(t *testing.T) {
	for _, row := range []string{"620300000000,金昌市,3,620000000000", "620300000000,金昌市,2,630000000000"} {
		err := ReadCSV(strings.NewReader("code,name,level,parent_code\n620000000000,甘肃省,1,\n"+row+"\n"), func(Region) error { return nil })
		if err == nil {
			t.Errorf("%s accepted", row)
		}
	}
}
