// Package labour keeps labour transfer (劳动力转移就业) per person and year
// and the one-off transport subsidies (一次性交通补助) paid for it: the
// subsidy amounts as dated settings per destination (and province), the
// eligibility check as one pure function, batch payment lists for the bank
// and the figures of docs/figures.md, "Labour transfer (就业帮扶)".
package labour

import (
	"slices"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/monitoring"
)

// The destination classes of a transfer.
const (
	InCity     = "市内县外" // in the city, outside the county
	InProvince = "省内市外" // in the province, outside the city
	OutProv    = "省外"   // outside the province (with the province named)
)

// Destinations are the classes in their order.
var Destinations = []string{InCity, InProvince, OutProv}

// The sources of a transfer record.
const (
	SourceFeed   = "feed"   // from an employment feed row (人社)
	SourceImport = "import" // from a transfer file (fangpin labour import)
	SourceTyped  = "typed"  // typed on a page
)

// MinMonthsDefault is the months away in the year a transfer needs for the
// subsidy unless the setting says otherwise (docs/figures.md).
const MinMonthsDefault = 3

// Transfer is one person's labour transfer in one year.
type Transfer struct {
	ID          int64
	PersonID    int64
	HouseholdID int64
	Region      string // the household's village
	Year        int
	Destination string // InCity, InProvince or OutProv
	Province    string // the province for OutProv ("陕西"), else ""
	Months      int    // months away in the year, 0–12
	IncomeFen   int64  // income from the transfer in the year
	Source      string // SourceFeed, SourceImport or SourceTyped
	FeedRowID   int64  // the feed_employment row, 0 when none
}

// Check refuses a transfer whose fields are out of range; each reason names
// its field.
func (t Transfer) Check() error {
	f := map[string]fault.Text{}
	if !slices.Contains(Destinations, t.Destination) {
		f["destination"] = fault.T("去向应为市内县外、省内市外或省外", "destination must be 市内县外, 省内市外 or 省外")
	}
	if t.Destination == OutProv && t.Province == "" {
		f["province"] = fault.T("省外务工须填写省份", "give the province of a transfer outside the province")
	}
	if t.Destination != OutProv && t.Province != "" {
		f["province"] = fault.T("只有省外务工填写省份", "only a transfer outside the province names a province")
	}
	if t.Months < 0 || t.Months > 12 {
		f["months"] = fault.T("务工月数应为0到12", "months must be 0 to 12")
	}
	if t.IncomeFen < 0 {
		f["income"] = fault.T("务工收入不能为负", "income cannot be negative")
	}
	if t.Year < 2000 || t.Year > 2100 {
		f["year"] = fault.T("年份不正确", "the year is not valid")
	}
	if len(f) > 0 {
		return fault.InvalidFields(f)
	}
	return nil
}

// NormProvince is a province name without its suffix: "陕西省" → "陕西",
// "宁夏回族自治区" → "宁夏", so that rates and transfers match however
// the name is written.
func NormProvince(s string) string {
	s = strings.TrimSpace(s)
	for _, suf := range []string{"维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"} {
		if r, ok := strings.CutSuffix(s, suf); ok && r != "" {
			return r
		}
	}
	return s
}

// Rate is one dated subsidy amount: from From on, a transfer to
// Destination (and, for OutProv, to Province; "" for every other province)
// is paid AmountFen, until a later row of the same destination and
// province starts.
type Rate struct {
	Destination string
	Province    string
	From        civil.Date
	AmountFen   int64
}

// DefaultRates are Gansu's amounts of 2024, seeded by the migration.
var DefaultRates = []Rate{
	{OutProv, "陕西", civil.FromYMD(2024, 1, 1), 40000},
	{OutProv, "宁夏", civil.FromYMD(2024, 1, 1), 40000},
	{OutProv, "", civil.FromYMD(2024, 1, 1), 60000},
	{InProvince, "", civil.FromYMD(2024, 1, 1), 30000},
	{InCity, "", civil.FromYMD(2024, 1, 1), 20000},
}

// Amount is the subsidy on day for a transfer to destination (and
// province): the latest rate of that destination and province starting on
// or before day; for OutProv a province without a row of its own takes
// the rate of "" (every other province). ok is false when no rate applies.
func Amount(rates []Rate, destination, province string, day civil.Date) (fen int64, ok bool) {
	province = NormProvince(province)
	if destination != OutProv {
		province = ""
	}
	if fen, ok := latest(rates, destination, province, day); ok || province == "" {
		return fen, ok
	}
	return latest(rates, destination, "", day)
}

func latest(rates []Rate, destination, province string, day civil.Date) (int64, bool) {
	var best Rate
	found := false
	for _, r := range rates {
		if r.Destination == destination && NormProvince(r.Province) == province && r.From <= day && (!found || r.From > best.From) {
			best, found = r, true
		}
	}
	return best.AmountFen, found
}

// Candidate is what the eligibility check needs to know about a person and
// the year's transfer.
type Candidate struct {
	FormerlyPoor bool   // a member of a 脱贫户
	Monitored    bool   // a member of a household monitored at the day (stats.MonitoredAt)
	LabourSkill  string // the person's 劳动技能
	Months       int    // months away in the year
	PaidThisYear bool   // a subsidy already paid to the person for the year
}

// IsLabour reports whether a 劳动技能 counts as labour:
// monitoring.LabourSkills (普通劳动力, 技能劳动力, 弱劳动力或半劳动力).
func IsLabour(skill string) bool { return slices.Contains(monitoring.LabourSkills, skill) }

// Eligible is the subsidy rule: the person is formerly poor or of a
// monitored household, is labour, was away at least minMonths in the year
// and was not paid for that year yet. A refusal is fault.Invalid with the
// reason on its field ("person", "labour_skill", "months", "year").
func Eligible(c Candidate, minMonths int) error {
	switch {
	case !c.FormerlyPoor && !c.Monitored:
		return fault.Invalidf("person", "既非脱贫人口也非监测对象", "neither formerly poor nor of a monitored household")
	case !IsLabour(c.LabourSkill):
		return fault.Invalidf("labour_skill", "不是劳动力（劳动技能：%s）", "not labour (labour skill: %s)", c.LabourSkill)
	case c.Months < minMonths:
		return fault.Invalidf("months", "务工%d个月，不足%d个月", "away %d months, fewer than %d", c.Months, minMonths)
	case c.PaidThisYear:
		return fault.Invalidf("year", "本年度已发放过交通补助", "already paid a transport subsidy this year")
	}
	return nil
}
