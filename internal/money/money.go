// Package money reads and writes amounts of 元 as integer fen, the one form
// money takes inside fangpin. Parsing is exact: no floating point, at most
// two decimals, so "12.345" and "1e3" are refused rather than rounded or
// read as a thousand. See docs/formats.md.
package money

import (
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"fangpin/internal/fault"
)

// maxYuanDigits bounds the integer part (under 10^13 元), far from int64's
// limit in fen.
const maxYuanDigits = 13

// The messages of a refused amount, the same in imports, feeds and forms
// (the department feeds' row errors have always read so).
var (
	ErrEmpty    = fault.Invalidt("不能为空", "must not be empty")
	errFormat   = fault.Invalidt("金额格式不正确（应为以元为单位的数字，如 1234.50）", "amount must be a number of yuan with at most two decimals, e.g. 1234.50")
	errNegative = fault.Invalidt("金额不能为负数", "amount must not be negative")
	errDecimals = fault.Invalidt("金额最多两位小数", "amount has at most two decimals (fen)")
	errLarge    = fault.Invalidt("金额过大", "amount too large")
)

// ParseYuan reads a non-negative amount of 元 into fen: "1234.5" → 123450.
// Accepted: surrounding spaces, full-width digits and punctuation
// ("１２３４．５６"), a leading "+", a trailing "元", thousands separators in
// their right places ("1,234.50"), and decimal places beyond the second
// when they are zeros ("12.500", as spreadsheets write it). An empty string
// is ErrEmpty; callers for whom empty means zero or unknown check first.
func ParseYuan(s string) (int64, error) {
	v, err := ParseSignedYuan(s)
	if err == nil && v < 0 {
		return 0, errNegative
	}
	return v, err
}

// ParseSignedYuan is ParseYuan that also takes a leading "-" (net incomes
// and balances may be negative).
func ParseSignedYuan(s string) (int64, error) {
	s = normalise(s)
	if s == "" {
		return 0, ErrEmpty
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	yuan, rest, err := integerPart(s)
	if err != nil {
		return 0, err
	}
	fen, err := centsPart(rest)
	if err != nil {
		return 0, err
	}
	v := yuan*100 + fen
	if neg {
		v = -v
	}
	return v, nil
}

// normalise narrows full-width characters, trims spaces and a trailing 元.
func normalise(s string) string {
	if !isASCII(s) {
		s = width.Narrow.String(s)
		s = strings.TrimSuffix(strings.TrimSpace(s), "元")
	}
	return strings.TrimSpace(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// integerPart reads the digits up to a '.', checking the grouping of
// thousands separators, and returns what follows (from the '.', or "").
func integerPart(s string) (int64, string, error) {
	var v int64
	digits, group, commas := 0, 0, false
	i := 0
	for ; i < len(s) && s[i] != '.'; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			v = v*10 + int64(c-'0')
			digits++
			group++
			if digits > maxYuanDigits {
				return 0, "", errLarge
			}
		case c == ',' && group > 0 && (group == 3 || !commas && group <= 3):
			commas, group = true, 0
		default:
			return 0, "", errFormat
		}
	}
	if commas && group != 3 || digits == 0 && i == len(s) {
		return 0, "", errFormat
	}
	return v, s[i:], nil
}

// centsPart reads ".D" or ".DD" (or "" for none) as fen.
func centsPart(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	s = s[1:] // the '.'
	if s == "" {
		return 0, errFormat
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, errFormat
		}
		switch {
		case i < 2:
			v = v*10 + int64(c-'0')
		case c != '0':
			return 0, errDecimals
		}
	}
	if len(s) == 1 {
		v *= 10
	}
	return v, nil
}

// Format writes fen as 元 with two decimals and no separators: 123450 →
// "1234.50", -5 → "-0.05".
func Format(fen int64) string {
	sign := ""
	u := uint64(fen)
	if fen < 0 {
		sign, u = "-", uint64(-fen)
	}
	frac := u % 100
	return sign + strconv.FormatUint(u/100, 10) + "." + string([]byte{byte('0' + frac/10), byte('0' + frac%10)})
}

// Yuan writes fen as 元 with as few decimals as it needs: 123450 → "1234.5",
// 100 → "1".
func Yuan(fen int64) string {
	s := Format(fen)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
