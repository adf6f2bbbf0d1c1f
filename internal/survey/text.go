package survey

import (
	"strconv"
	"strings"

	"fangpin/internal/region"
)

// The founding document writes numbers plainly (3499户10232名: no
// thousands separators), money in 万元 with two decimals (1715.93万元) and
// shares in percent with one decimal (57.8%).

// num writes an integer without separators.
func num(n int) string { return strconv.Itoa(n) }

// wan writes fen as 万元 with two decimals, rounded half away from zero.
func wan(fen int64) string { return hundredths(fen, 10_000) } // 0.01万元 = 10,000 fen

// yi writes fen as 亿元 with two decimals, rounded half away from zero.
func yi(fen int64) string { return hundredths(fen, 100_000_000) } // 0.01亿元 = 10^8 fen

// hundredths writes fen in a unit whose hundredth is per fen, with two
// decimals, rounded half away from zero.
func hundredths(fen, per int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	h := (fen + per/2) / per
	s := strconv.FormatInt(h/100, 10) + "." + pad2(h%100)
	if neg && h != 0 {
		s = "-" + s
	}
	return s
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// pct writes part ÷ whole in percent with one decimal, rounded half up,
// followed by %; 0% of nothing is "0.0%".
func pct(part, whole int) string {
	if whole <= 0 {
		return "0.0%"
	}
	tenths := (int64(part)*2000 + int64(whole)) / (2 * int64(whole))
	return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + "%"
}

// reaches reports whether part ÷ whole ≥ threshold percent (integers only);
// nothing of nothing reaches no threshold.
func reaches(part, whole, thresholdPct int) bool {
	return whole > 0 && int64(part)*100 >= int64(thresholdPct)*int64(whole)
}

// Word is the character the report names its region by, as in 全市 and 我市:
// 省 for a province (区 for an autonomous region); 市 for a city (州, 盟 or
// 区 when its name ends so: 自治州, 盟, 地区); for a county, the last
// character of its name when it is 县, 区, 市 or 旗 (县 otherwise); for a
// township, 镇, 乡 or 街道 (乡镇 otherwise); 村 for a village.
func Word(r region.Region) string {
	switch r.Level {
	case region.LevelProvince:
		if strings.HasSuffix(r.Name, "自治区") || strings.HasSuffix(r.Name, "区") {
			return "区"
		}
		return "省"
	case region.LevelCity:
		if strings.HasSuffix(r.Name, "州") || strings.HasSuffix(r.Name, "盟") || strings.HasSuffix(r.Name, "区") {
			return lastRune(r.Name) // 自治州, 盟, 地区
		}
		return "市"
	case region.LevelCounty:
		for _, w := range []string{"县", "区", "市", "旗"} {
			if strings.HasSuffix(r.Name, w) {
				return w
			}
		}
		return "县"
	case region.LevelTownship:
		for _, w := range []string{"街道", "镇", "乡"} {
			if strings.HasSuffix(r.Name, w) {
				return w
			}
		}
		return "乡镇"
	case region.LevelVillage:
		return "村"
	}
	return "地"
}

func lastRune(s string) string {
	r := []rune(s)
	return string(r[len(r)-1])
}
