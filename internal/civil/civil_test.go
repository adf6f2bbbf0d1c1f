package civil

import (
	"testing"
	"time"

	"fangpin/internal/fault"
)

func TestParse(t *testing.T) {
	good := map[string]Date{
		"2024-03-05": 20240305, "2024/3/5": 20240305, "2024.03.05": 20240305, "2024年3月5日": 20240305,
		"20240305": 20240305, "2024-03-05 08:30:00": 20240305, "2024-03-05T08:30:00": 20240305,
		"03-05-24": 20240305, "45356": 20240305, "２０２４－０３－０５": 20240305, " 2024-3-5 ": 20240305,
		"2024-02-29": 20240229, "1900-01-01": 19000101,
	}
	for in, want := range good {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	bad := []string{"", "2023-02-29", "2024-13-01", "1899-12-31", "2024-3", "abc", "2024-03-05-01", "12345678901", "24-3-5", "1234", "2024--3-5"}
	for _, in := range bad {
		if d, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %d, want an error", in, d)
		} else if fault.KindOf(err) != fault.Invalid {
			t.Errorf("Parse(%q): %v is not Invalid", in, err)
		}
	}
}

func TestParseISO(t *testing.T) {
	if d, err := ParseISO("2026-11-28"); err != nil || d != 20261128 {
		t.Errorf("%d %v", d, err)
	}
	for _, in := range []string{"2026/11/28", "20261128", "2026-1-28", "2026-02-30"} {
		if _, err := ParseISO(in); err == nil {
			t.Errorf("ParseISO(%q) accepted", in)
		}
	}
}

func TestParseMonth(t *testing.T) {
	good := map[string]Month{"202403": 202403, "2024-03": 202403, "2024/3": 202403, "2024.03": 202403, "2024年3月": 202403, "２０２４０３": 202403}
	for in, want := range good {
		if got, err := ParseMonth(in); err != nil || got != want {
			t.Errorf("ParseMonth(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "202413", "2024", "24-03", "2024-003", "abcdef"} {
		if _, err := ParseMonth(in); err == nil {
			t.Errorf("ParseMonth(%q) accepted", in)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	if got := Date(20240229).MonthsBefore(12); got != 20230228 {
		t.Errorf("MonthsBefore: %d", got)
	}
	if got := Date(20260331).MonthsBefore(1); got != 20260228 {
		t.Errorf("MonthsBefore: %d", got)
	}
	if got := Month(202401).Add(-1); got != 202312 {
		t.Errorf("Add: %d", got)
	}
	if got := Month(202412).Add(13); got != 202601 {
		t.Errorf("Add: %d", got)
	}
	if got := Date(20241231).AddDays(1); got != 20250101 {
		t.Errorf("AddDays: %d", got)
	}
	if AgeOn(20080229, 20240228) != 15 || AgeOn(20080229, 20240229) != 16 || AgeOn(20080229, 20230301) != 15 {
		t.Error("AgeOn")
	}
	if Date(20260105).String() != "2026-01-05" || Date(20260105).Chinese() != "2026年1月5日" || Month(202602).Last() != 20260228 {
		t.Error("formatting")
	}
	late := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC) // 01:00 on 1 December in China
	if DateOf(late) != 20261201 {
		t.Errorf("DateOf: %d", DateOf(late))
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2024-03-05", "2024/3/5", "2024年3月5日", "20240305", "45356", "03-05-24"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		again, err := ParseISO(d.String())
		if err != nil || again != d {
			t.Fatalf("%q → %d → %q → %d, %v", s, d, d.String(), again, err)
		}
	})
}
