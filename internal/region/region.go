// Package region holds China's statistical administrative divisions
// (统计用区划代码): the Region type, the CSV importer that loads the NBS list
// into the regions table, lookups by code, and a caching Resolver that turns a
// name path (省/市/县/乡镇/村) into a village code.
package region

import "fangpin/internal/regcode"

// Region is one administrative division.
type Region struct {
	Code       string // 12 digits: 省2 市2 县2 乡3 村3, zero-padded
	Name       string
	Level      int    // 1 province … 5 village
	ParentCode string // "" for a province
}

// Levels of the division hierarchy, as the code's shape gives them
// (regcode).
const (
	LevelProvince = regcode.Province
	LevelCity     = regcode.City
	LevelCounty   = regcode.County
	LevelTownship = regcode.Township
	LevelVillage  = regcode.Village
)

// LevelName returns the short Chinese name of a level (省, 市, 县, 乡镇, 村),
// or "" for a level outside 1–5.
func LevelName(level int) string {
	switch level {
	case LevelProvince:
		return "省"
	case LevelCity:
		return "市"
	case LevelCounty:
		return "县"
	case LevelTownship:
		return "乡镇"
	case LevelVillage:
		return "村"
	}
	return ""
}

// IsVillageCommittee reports whether a village-level code names a village
// committee (村委会): digits 10–12 in 200–399. 001–199 are urban residents'
// committees (居委会).
func IsVillageCommittee(code string) bool {
	if !isCode(code) {
		return false
	}
	n := int(code[9]-'0')*100 + int(code[10]-'0')*10 + int(code[11]-'0')
	return n >= 200 && n <= 399
}

// isCode reports whether s is a 12-digit region code.
func isCode(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// County returns the county a division code lies in: its first six digits,
// what every household-level row carries as its county (docs/scale.md, "The
// county column"). A code shorter than six characters is its own county.
func County(code string) string {
	if len(code) < 6 {
		return code
	}
	return code[:6]
}
