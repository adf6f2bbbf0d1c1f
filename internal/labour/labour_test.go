package labour

import (
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
)

func TestEligibleEdges(t *testing.T) {
	ok := Candidate{FormerlyPoor: true, LabourSkill: "普通劳动力", Months: 3}
	for _, c := range []struct {
		name  string
		c     Candidate
		field string // "" when eligible
	}{
		{"at the threshold", ok, ""},
		{"one month less", Candidate{FormerlyPoor: true, LabourSkill: "普通劳动力", Months: 2}, "months"},
		{"monitored, not formerly poor", Candidate{Monitored: true, LabourSkill: "技能劳动力", Months: 12}, ""},
		{"neither", Candidate{LabourSkill: "普通劳动力", Months: 12}, "person"},
		{"no labour", Candidate{FormerlyPoor: true, LabourSkill: "无劳动力", Months: 12}, "labour_skill"},
		{"lost labour", Candidate{FormerlyPoor: true, LabourSkill: "丧失劳动力", Months: 12}, "labour_skill"},
		{"skill unknown", Candidate{FormerlyPoor: true, Months: 12}, "labour_skill"},
		{"paid this year", Candidate{FormerlyPoor: true, LabourSkill: "普通劳动力", Months: 12, PaidThisYear: true}, "year"},
	} {
		err := Eligible(c.c, MinMonthsDefault)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: refused: %v", c.name, err)
			}
			continue
		}
		if !fault.InvalidOn(err, c.field) {
			t.Errorf("%s: got %v, want a reason on %q", c.name, err, c.field)
		}
		if e, _ := fault.As(err); e == nil || e.Message(fault.EN) == "" || e.Message(fault.ZH) == "" {
			t.Errorf("%s: reason not in both languages: %v", c.name, err)
		}
	}
}

func TestAmountByDate(t *testing.T) {
	rates := append([]Rate{}, DefaultRates...)
	rates = append(rates, Rate{OutProv, "陕西省", civil.FromYMD(2025, 3, 1), 45000},
		Rate{InCity, "", civil.FromYMD(2025, 3, 1), 25000})
	for _, c := range []struct {
		dest, prov string
		day        civil.Date
		want       int64
		ok         bool
	}{
		{OutProv, "陕西", civil.FromYMD(2025, 2, 28), 40000, true},
		{OutProv, "陕西省", civil.FromYMD(2025, 3, 1), 45000, true},
		{OutProv, "宁夏回族自治区", civil.FromYMD(2025, 3, 1), 40000, true},
		{OutProv, "新疆维吾尔自治区", civil.FromYMD(2025, 3, 1), 60000, true},
		{InProvince, "", civil.FromYMD(2025, 3, 1), 30000, true},
		{InCity, "", civil.FromYMD(2025, 2, 28), 20000, true},
		{InCity, "", civil.FromYMD(2025, 3, 1), 25000, true},
		{InCity, "", civil.FromYMD(2023, 12, 31), 0, false},
	} {
		got, ok := Amount(rates, c.dest, c.prov, c.day)
		if got != c.want || ok != c.ok {
			t.Errorf("%s %s %s: %d %v, want %d %v", c.dest, c.prov, c.day, got, ok, c.want, c.ok)
		}
	}
}

func TestTransferCheck(t *testing.T) {
	good := Transfer{Year: 2025, Destination: OutProv, Province: "陕西", Months: 12}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	for field, bad := range map[string]Transfer{
		"destination": {Year: 2025, Destination: "外地"},
		"province":    {Year: 2025, Destination: OutProv},
		"months":      {Year: 2025, Destination: InCity, Months: 13},
		"income":      {Year: 2025, Destination: InCity, IncomeFen: -1},
	} {
		if err := bad.Check(); !fault.InvalidOn(err, field) {
			t.Errorf("%s: %v", field, err)
		}
	}
}
