// Package entity keeps the new agricultural business entities (新型经营主体:
// leading enterprises, farmers' cooperatives, family farms) and how they
// link to households (联农带农): the households they bring along and by
// which mechanism, the households' shares (入股资金), the dividend
// agreements (分红协议) and their yearly payouts; the template imports, the
// figures of docs/figures.md, "Business entities (联农带农)", the overdue
// payouts and the entities linked to households only by land, lease or
// hired labour.
package entity

import (
	"slices"
	"strings"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
)

// The kinds of entity.
const (
	KindEnterprise  = "龙头企业"
	KindCooperative = "农民合作社"
	KindFamilyFarm  = "家庭农场"
	KindOther       = "其他"
)

// Kinds are the kinds in their order.
var Kinds = []string{KindEnterprise, KindCooperative, KindFamilyFarm, KindOther}

// Levels are the recognised levels (示范等级) of an entity; "" is none.
var Levels = []string{"国家级", "省级", "市级", "县级"}

// The linkage mechanisms (联农带农方式).
const (
	MechLand   = "土地流转"
	MechLease  = "租赁"
	MechHiring = "雇工"
)

// Mechanisms are the linkage mechanisms in their order; the last three are
// Weak.
var Mechanisms = []string{"订单生产", "托养托管", "产品代销", "保护价收购", "投牛还犊", "投羊还羔", "吸纳就业",
	MechLand, MechLease, MechHiring}

// Weak are the mechanisms that link a household to an entity only as a
// landlord, lessor or hired hand (the founding survey's problem (三)).
var Weak = []string{MechLand, MechLease, MechHiring}

// OnlyWeak reports whether an entity with these mechanisms (declared and
// of its links, repeats allowed) links to households only weakly: it has
// at least one mechanism and every one is Weak.
func OnlyWeak(mechs []string) bool {
	if len(mechs) == 0 {
		return false
	}
	for _, m := range mechs {
		if !slices.Contains(Weak, m) {
			return false
		}
	}
	return true
}

// Share sources (资金来源).
var Sources = []string{"衔接资金", "自有资金", "其他"}

// Entity is one business entity.
type Entity struct {
	ID         int64
	Name       string
	CreditCode string   // 统一社会信用代码, "" when not given
	Kind       string   // one of Kinds
	Level      string   // one of Levels or ""
	County     string   // the county's division code
	Areas      []string // the townships and villages it covers
	Mechanisms []string // declared, in Mechanisms' order
}

// Check refuses an entity whose fields are out of range; each reason names
// its field. Region codes are checked against the region tree by the
// import.
func (e Entity) Check() error {
	f := map[string]fault.Text{}
	if strings.TrimSpace(e.Name) == "" {
		f["name"] = fault.T("请填写主体名称", "give the name")
	}
	if e.CreditCode != "" && !ValidCreditCode(e.CreditCode) {
		f["credit_code"] = fault.T("统一社会信用代码不正确（18位，校验码不符）", "the unified social credit code is not valid")
	}
	if !slices.Contains(Kinds, e.Kind) {
		f["kind"] = fault.T("主体类型应为龙头企业、农民合作社、家庭农场或其他", "kind must be 龙头企业, 农民合作社, 家庭农场 or 其他")
	}
	if e.Level != "" && !slices.Contains(Levels, e.Level) {
		f["level"] = fault.T("等级应为国家级、省级、市级、县级或空", "level must be 国家级, 省级, 市级, 县级 or empty")
	}
	for _, m := range e.Mechanisms {
		if !slices.Contains(Mechanisms, m) {
			f["mechanisms"] = fault.T("联农带农方式「"+m+"」不在可选范围内", "unknown linkage mechanism "+m)
		}
	}
	if len(f) > 0 {
		return fault.InvalidFields(f)
	}
	return nil
}

// creditChars are the characters of a unified social credit code (GB
// 32100-2015), in the order of their values.
const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCheck is the check character of the first 17 characters of a
// unified social credit code; 0 when they hold a character not allowed.
func CreditCheck(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditChars, first17[i])
		if v < 0 {
			return 0
		}
		sum += v * creditWeights[i]
	}
	return creditChars[(31-sum%31)%31]
}

// ValidCreditCode reports whether s is an 18-character unified social
// credit code with the right check character.
func ValidCreditCode(s string) bool {
	return len(s) == 18 && CreditCheck(s[:17]) != 0 && CreditCheck(s[:17]) == s[17]
}

// SplitList splits a cell of several values separated by 、，, ; ； or
// spaces, dropping empty ones and repeats.
func SplitList(s string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,;； \t", r) }) {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Agreement is a dividend agreement of an entity with a household: a rate
// in permille of the household's shares in the entity, or a fixed amount,
// a year, due every year on DueMonth/DueDay.
type Agreement struct {
	ID           int64
	EntityID     int64
	HouseholdID  int64
	Region       string // the household's village when recorded
	RatePermille int64  // > 0 for a rate, else 0
	FixedFen     int64  // > 0 for a fixed amount, else 0
	DueMonth     int
	DueDay       int
	Signed       civil.Date
}

// Check refuses an agreement with neither or both of rate and amount, or a
// due day that no year has.
func (a Agreement) Check() error {
	f := map[string]fault.Text{}
	if (a.RatePermille > 0) == (a.FixedFen > 0) {
		f["rate"] = fault.T("分红比例（‰）与固定分红金额须填且只填一项，且大于0", "give exactly one of the rate (‰) and the fixed amount, above 0")
	}
	if a.DueMonth < 1 || a.DueMonth > 12 || a.DueDay < 1 || a.DueDay > civil.DaysIn(2024, a.DueMonth) {
		f["due"] = fault.T("约定兑付日应为有效的月、日（如12-31）", "the due day must be a valid month and day (12-31)")
	}
	if a.Signed == 0 {
		f["signed"] = fault.T("请填写签订日期", "give the day signed")
	}
	if len(f) > 0 {
		return fault.InvalidFields(f)
	}
	return nil
}

// DueOn is the agreement's due date in year: its month and day, or the
// month's last day where the year has no such day (29 February).
func (a Agreement) DueOn(year int) civil.Date {
	return civil.FromYMD(year, time.Month(a.DueMonth), min(a.DueDay, civil.DaysIn(year, a.DueMonth)))
}

// Amount is the agreement's dividend for a year on sharesFen of the
// household's shares in the entity: the fixed amount, or the rate's
// permille of the shares rounded down to the fen.
func (a Agreement) Amount(sharesFen int64) int64 {
	if a.FixedFen > 0 {
		return a.FixedFen
	}
	return sharesFen * a.RatePermille / 1000
}

// Payout is one year's dividend of an agreement.
type Payout struct {
	ID          int64
	AgreementID int64
	EntityID    int64
	HouseholdID int64
	Region      string
	Year        int
	AmountFen   int64
	Due         civil.Date
	Paid        civil.Date // 0 while unpaid
	Evidence    string
}

// PaidBy reports whether the payout was paid on or before day.
func (p Payout) PaidBy(day civil.Date) bool { return p.Paid != 0 && p.Paid <= day }

// OverdueOn reports whether the payout is overdue on day: its due date has
// passed (is before day) and it was not paid by day.
func (p Payout) OverdueOn(day civil.Date) bool { return p.Due < day && !p.PaidBy(day) }
