package entity

import (
	"testing"

	"fangpin/internal/civil"
)

func TestOnlyWeak(t *testing.T) {
	for _, c := range []struct {
		mechs []string
		want  bool
	}{
		{nil, false},
		{[]string{"土地流转"}, true},
		{[]string{"土地流转", "租赁", "雇工", "雇工"}, true},
		{[]string{"土地流转", "订单生产"}, false},
		{[]string{"吸纳就业"}, false}, // employment is not hired labour
	} {
		if got := OnlyWeak(c.mechs); got != c.want {
			t.Errorf("OnlyWeak(%v) = %v", c.mechs, got)
		}
	}
}

func TestCreditCode(t *testing.T) {
	// a published code of a cooperative (GB 32100 check character)
	for s, want := range map[string]bool{
		"91350100M000100Y43": true,
		"91350100M000100Y44": false,
		"91350100M000100Y4":  false,
		"91350100M000100I43": false, // I is not a code character
	} {
		if got := ValidCreditCode(s); got != want {
			t.Errorf("ValidCreditCode(%s) = %v", s, got)
		}
	}
}

func TestAgreementDueAndAmount(t *testing.T) {
	a := Agreement{RatePermille: 60, DueMonth: 2, DueDay: 29, Signed: civil.FromYMD(2024, 1, 1)}
	if err := a.Check(); err != nil {
		t.Fatal(err)
	}
	if d := a.DueOn(2025); d != civil.FromYMD(2025, 2, 28) {
		t.Errorf("due 2025 = %s", d)
	}
	if d := a.DueOn(2024); d != civil.FromYMD(2024, 2, 29) {
		t.Errorf("due 2024 = %s", d)
	}
	if got := a.Amount(1_000_099); got != 60_005 { // rounded down to the fen
		t.Errorf("amount = %d", got)
	}
	a.FixedFen = 30000
	if a.Check() == nil {
		t.Error("rate and amount both accepted")
	}
	a.RatePermille = 0
	if got := a.Amount(1_000_000); got != 30000 {
		t.Errorf("fixed amount = %d", got)
	}
	a.DueMonth, a.DueDay = 4, 31
	if a.Check() == nil {
		t.Error("31 April accepted")
	}
}

func TestPayoutOverdue(t *testing.T) {
	d := civil.FromYMD
	p := Payout{Due: d(2026, 6, 30)}
	for _, c := range []struct {
		paid, on civil.Date
		overdue  bool
	}{
		{0, d(2026, 6, 30), false},            // due on the day: not yet overdue
		{0, d(2026, 7, 1), true},              // the day after
		{d(2026, 7, 1), d(2026, 7, 1), false}, // paid that day
		{d(2026, 7, 2), d(2026, 7, 1), true},  // paid after the day
	} {
		p.Paid = c.paid
		if got := p.OverdueOn(c.on); got != c.overdue {
			t.Errorf("paid %s, on %s: overdue %v", c.paid, c.on, got)
		}
	}
}

func TestParseMonthDay(t *testing.T) {
	for s, want := range map[string][2]int{"12-31": {12, 31}, "6/30": {6, 30}, "0630": {6, 30}, "12月31日": {12, 31}} {
		m, d, ok := parseMonthDay(s)
		if !ok || m != want[0] || d != want[1] {
			t.Errorf("%s: %d %d %v", s, m, d, ok)
		}
	}
	if _, _, ok := parseMonthDay("年底"); ok {
		t.Error("年底 read")
	}
}

func TestSplitList(t *testing.T) {
	got := SplitList(" 订单生产、吸纳就业，订单生产;雇工 ")
	if len(got) != 3 || got[0] != "订单生产" || got[2] != "雇工" {
		t.Errorf("%q", got)
	}
}
