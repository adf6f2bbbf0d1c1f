package money

import (
	"errors"
	"math"
	"testing"

	"fangpin/internal/fault"
)

func TestParseYuan(t *testing.T) {
	good := map[string]int64{
		"0": 0, "1234": 123400, "1234.5": 123450, "1234.56": 123456, "1,234.50": 123450,
		"12,345,678": 1234567800, "+7": 700, "12.500": 1250, " 80 ": 8000, "80元": 8000,
		"１２３４．５６": 123456, "１，２３４": 123400, ".5": 50, "9999999999999.99": 999999999999999,
	}
	for in, want := range good {
		got, err := ParseYuan(in)
		if err != nil || got != want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	bad := []string{"", "1e3", "12.345", "1,5", "12,34", ",123", "1.", "abc", "-5", "1 000", "10000000000000", "0x10", "١٢", "NaN", "12.3.4"}
	for _, in := range bad {
		if v, err := ParseYuan(in); err == nil {
			t.Errorf("ParseYuan(%q) = %d, want an error", in, v)
		} else if fault.KindOf(err) != fault.Invalid {
			t.Errorf("ParseYuan(%q): %v is not Invalid", in, err)
		}
	}
	if _, err := ParseYuan(""); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
}

func TestParseSignedYuan(t *testing.T) {
	for in, want := range map[string]int64{"-5": -500, "-1,234.5": -123450, "3": 300} {
		if got, err := ParseSignedYuan(in); err != nil || got != want {
			t.Errorf("ParseSignedYuan(%q) = %d, %v", in, got, err)
		}
	}
}

func TestFormat(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 123450: "1234.50", -5: "-0.05", math.MinInt64 + 1: "-92233720368547758.07"} {
		if got := Format(fen); got != want {
			t.Errorf("Format(%d) = %q, want %q", fen, got, want)
		}
	}
	for fen, want := range map[int64]string{100: "1", 123450: "1234.5", 123456: "1234.56", 0: "0"} {
		if got := Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", fen, got, want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, fen := range []int64{0, 1, 99, 100, 123456, 999999999999999} {
		if got, err := ParseYuan(Format(fen)); err != nil || got != fen {
			t.Errorf("round trip %d: %d, %v", fen, got, err)
		}
	}
}

func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{"1234.56", "1,234", "-1", "１２", "12.500", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseSignedYuan(s)
		if err != nil {
			return
		}
		again, err := ParseSignedYuan(Format(v))
		if err != nil || again != v {
			t.Fatalf("%q → %d → %q → %d, %v", s, v, Format(v), again, err)
		}
		if u, err := ParseYuan(s); err == nil && (u < 0 || u != v) {
			t.Fatalf("ParseYuan(%q) = %d, signed %d", s, u, v)
		}
	})
}
