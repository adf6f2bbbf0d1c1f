package monitoring

import (
	"sort"

	"fangpin/internal/fault"
	"fangpin/internal/money"
)

// Income groups of the national 收支 block.
const (
	GroupWage      = "wage"      // 工资性收入
	GroupBusiness  = "business"  // 生产经营性收入
	GroupProperty  = "property"  // 财产性收入
	GroupTransfer  = "transfer"  // 转移性收入
	GroupCost      = "cost"      // 生产经营性支出
	GroupClaims    = "claims"    // 理赔收入
	GroupCompliant = "compliant" // 合规自付支出
)

// Item is one line of the income worksheet.
type Item struct {
	Code, Label, Group string
}

// Items are the worksheet's lines in the order of the national form.
var Items = []Item{
	{"wage.migrant", "外出务工收入", GroupWage},
	{"wage.local", "本地务工收入", GroupWage},
	{"wage.public_job", "公益岗位工资收入", GroupWage},
	{"wage.other", "其他工资性收入", GroupWage},
	{"business.crops", "种植业收入", GroupBusiness},
	{"business.livestock", "养殖业收入", GroupBusiness},
	{"business.other", "其他生产经营性收入", GroupBusiness},
	{"property.dividend", "资产收益分红收入", GroupProperty},
	{"property.land", "土地流转收入", GroupProperty},
	{"property.other", "其他财产性收入", GroupProperty},
	{"transfer.dibao", "低保金", GroupTransfer},
	{"transfer.tekun", "特困供养金", GroupTransfer},
	{"transfer.pension", "养老金或离退休金", GroupTransfer},
	{"transfer.family_planning", "计划生育金", GroupTransfer},
	{"transfer.eco", "生态补偿金", GroupTransfer},
	{"transfer.subsidy", "惠农补贴", GroupTransfer},
	{"transfer.disability", "残疾人两项补贴", GroupTransfer},
	{"transfer.support", "赡养扶养费", GroupTransfer},
	{"transfer.other", "其他转移性收入", GroupTransfer},
	{"cost.business", "生产经营性支出", GroupCost},
	{"claims", "理赔收入", GroupClaims},
	{"compliant.medical", "合规自付医疗支出", GroupCompliant},
	{"compliant.education", "合规自付教育支出", GroupCompliant},
}

// GroupLabels are the Chinese names of the groups.
var GroupLabels = map[string]string{
	GroupWage: "工资性收入", GroupBusiness: "生产经营性收入", GroupProperty: "财产性收入",
	GroupTransfer: "转移性收入", GroupCost: "生产经营性支出", GroupClaims: "理赔收入",
	GroupCompliant: "合规自付支出",
}

// Limits of a plausible worksheet.
const (
	MaxLineFen = 1_000_000_000 // 1,000万元 for one line
	MaxMembers = 50
)

// Income is a computed worksheet. All money is fen.
//
// PerCapitaFen is 人均纯收入 (docs/figures.md): (工资性 + 生产经营性 + 财产性 +
// 转移性 − 生产经营性支出) ÷ 常住人口, each group the sum of its lines,
// rounded down (toward −∞: a loss-making year stays a loss). It is the
// figure compared with the monitoring line, for identification and for
// elimination alike.
//
// AfterSpendingFen is the same after 合规自付支出 net of 理赔收入:
// (NetFen − CompliantFen + ClaimsFen) ÷ members, rounded down. It is shown
// beside it to judge 刚性支出较大 (high unavoidable spending), never used as
// 人均纯收入.
type Income struct {
	Lines            map[string]int64
	Members          int
	Groups           map[string]int64 // sum per group
	NetFen           int64            // 家庭纯收入
	PerCapitaFen     int64            // 人均纯收入
	ClaimsFen        int64            // 理赔收入
	CompliantFen     int64            // 合规自付支出
	AfterSpendingFen int64
}

// ComputeIncome checks the lines (known codes, 0 ≤ fen ≤ MaxLineFen) and the
// member count (1 … MaxMembers) and computes the worksheet's figures.
// Missing lines count as zero.
func ComputeIncome(lines map[string]int64, members int) (Income, error) {
	if members < 1 {
		return Income{}, fault.Invalidf("members", "常住人口为0，无法计算人均纯收入：请先登记家庭成员", "No resident members, so no income per person: register the household's members first")
	}
	if members > MaxMembers {
		return Income{}, fault.Invalidf("members", "常住人口%d人不合常理（最多%d人）", "%d resident members is implausible (at most %d)", members, MaxMembers)
	}
	in := Income{Lines: map[string]int64{}, Members: members, Groups: map[string]int64{}}
	for _, code := range sortedCodes(lines) {
		it, ok := findItem(code)
		if !ok {
			return Income{}, fault.Invalidf("lines."+code, "未知的收支项目“%s”", "Unknown income or spending line “%s”", code)
		}
		fen := lines[code]
		if fen < 0 {
			return Income{}, fault.Invalidf("lines."+code, "「%s」不能为负数", "“%s” cannot be negative", it.Label)
		}
		if fen > MaxLineFen {
			return Income{}, fault.Invalidf("lines."+code, "「%s」%s超过%s，请核对单位（元）", "“%s”: %s is over %s; check the unit (yuan)", it.Label, Yuan(fen), Yuan(MaxLineFen))
		}
		in.Lines[code] = fen
		in.Groups[it.Group] += fen
	}
	g := in.Groups
	in.NetFen = g[GroupWage] + g[GroupBusiness] + g[GroupProperty] + g[GroupTransfer] - g[GroupCost]
	in.ClaimsFen, in.CompliantFen = g[GroupClaims], g[GroupCompliant]
	in.PerCapitaFen = floorDiv(in.NetFen, int64(members))
	in.AfterSpendingFen = floorDiv(in.NetFen-in.CompliantFen+in.ClaimsFen, int64(members))
	return in, nil
}

// floorDiv divides rounding toward −∞ (Go's / truncates toward zero).
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func findItem(code string) (Item, bool) {
	for _, it := range Items {
		if it.Code == code {
			return it, true
		}
	}
	return Item{}, false
}

func sortedCodes(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Yuan formats fen as 元 with two decimals: 1234.50元.
func Yuan(fen int64) string { return money.Format(fen) + "元" }
