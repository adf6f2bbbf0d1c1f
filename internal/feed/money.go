package feed

import "errors"

// Problems with a money cell; the messages are shown to users.
var (
	errMoneyFormat   = errors.New("金额格式不正确（应为以元为单位的数字，如 1234.50）")
	errMoneyNegative = errors.New("金额不能为负数")
	errMoneyDecimals = errors.New("金额最多两位小数")
	errMoneyLarge    = errors.New("金额过大")
	errEmpty         = errors.New("不能为空")
)

// maxYuanDigits bounds the integer part of an amount (under 10^13 元), far
// from int64's limit in fen.
const maxYuanDigits = 13

// parseMoney reads an amount in 元 with at most two decimals into fen,
// exactly, without floating point: "1234.5" → 123450. Thousands separators in
// their right places are accepted ("1,234.50"); a sign is not, except a
// leading "+". Decimal places beyond the second must be zeros ("12.500", as
// some spreadsheets write it).
func parseMoney(s string) (int64, error) {
	if s == "" {
		return 0, errEmpty
	}
	switch s[0] {
	case '-':
		return 0, errMoneyNegative
	case '+':
		s = s[1:]
	}
	yuan, rest, err := moneyInt(s)
	if err != nil {
		return 0, err
	}
	cents, err := moneyCents(rest)
	if err != nil {
		return 0, err
	}
	return yuan*100 + cents, nil
}

// moneyInt reads the integer part up to a '.', checking digit grouping, and
// returns what follows (starting at the '.', or "").
func moneyInt(s string) (int64, string, error) {
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
				return 0, "", errMoneyLarge
			}
		case c == ',' && group > 0 && (group == 3 || !commas && group <= 3):
			commas, group = true, 0
		default:
			return 0, "", errMoneyFormat
		}
	}
	if commas && group != 3 {
		return 0, "", errMoneyFormat
	}
	if digits == 0 && i == len(s) {
		return 0, "", errMoneyFormat
	}
	return v, s[i:], nil
}

// moneyCents reads ".D", ".DD" (or "" for none) as fen.
func moneyCents(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	s = s[1:] // the '.'
	if s == "" {
		return 0, errMoneyFormat
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, errMoneyFormat
		}
		switch {
		case i < 2:
			v = v*10 + int64(c-'0')
		case c != '0':
			return 0, errMoneyDecimals
		}
	}
	if len(s) == 1 {
		v *= 10
	}
	return v, nil
}
