package idcard

import (
	"errors"
	"testing"
	"time"

	"fangpin/internal/civil"
)

func TestParse(t *testing.T) {
	now := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in    string
		want  error
		male  bool
		birth string
		norm  string
	}{
		{"620502195106195191", nil, true, "1951-06-19", "620502195106195191"},
		{"620502194809140600", nil, false, "1948-09-14", "620502194809140600"},
		{"11010519491231002x", nil, false, "1949-12-31", "11010519491231002X"},
		{" 11010519491231002X ", nil, false, "1949-12-31", "11010519491231002X"},
		{"620502195106195192", ErrChecksum, false, "", ""},
		{"62050219510619519", ErrLength, false, "", ""},
		{"6205021951061951A1", ErrChars, false, "", ""},
		{"62050219511319519X", ErrBirth, false, "", ""},
		{"990502195106195195", ErrRegion, false, "", ""},
	}
	for _, tc := range tests {
		info, err := Parse(tc.in, now)
		if tc.want != nil {
			if !errors.Is(err, tc.want) {
				t.Errorf("Parse(%q) err = %v, want %v", tc.in, err, tc.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if info.Male != tc.male || info.Birth.Format("2006-01-02") != tc.birth || info.Number != tc.norm {
			t.Errorf("Parse(%q) = %+v", tc.in, info)
		}
	}
}

func TestFutureBirth(t *testing.T) {
	first := "62050220300101001"
	id := first + string(CheckChar(first))
	if _, err := Parse(id, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrBirth) {
		t.Fatalf("future birth accepted: %v", err)
	}
}

func TestMask(t *testing.T) {
	if got := Mask("62010219800101123X"); got != "620102********123X" {
		t.Errorf("Mask = %s", got)
	}
	if got := MaskPhone("13812341234"); got != "138****1234" {
		t.Errorf("MaskPhone = %s", got)
	}
	if got := Mask("123"); got != "***" {
		t.Errorf("Mask short = %s", got)
	}
}

func TestAge(t *testing.T) {
	b := time.Date(2010, 6, 15, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		d    time.Time
		want int
	}{
		{time.Date(2016, 6, 14, 0, 0, 0, 0, time.UTC), 5},
		{time.Date(2016, 6, 15, 0, 0, 0, 0, time.UTC), 6},
		{time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), 15},
	} {
		if got := Age(b, tc.d); got != tc.want {
			t.Errorf("Age at %v = %d, want %d", tc.d, got, tc.want)
		}
	}
}

func TestValidPhone(t *testing.T) {
	for _, ok := range []string{"13812341234", "0931-8123456", "09318123456", "8123456"} {
		if err := ValidPhone(ok); err != nil {
			t.Errorf("ValidPhone(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "1381234123", "abc", "23812341234"} {
		if ValidPhone(bad) == nil {
			t.Errorf("ValidPhone(%q) accepted", bad)
		}
	}
}

func TestBornToday(t *testing.T) {
	first := "62050220261128001"
	id := first + string(CheckChar(first))
	shanghai := civil.Zone
	// 01:00 on the 28th in China is still the 27th in UTC
	if _, err := Parse(id, time.Date(2026, 11, 28, 1, 0, 0, 0, shanghai)); err != nil {
		t.Fatalf("baby born today rejected: %v", err)
	}
}
