package feed

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"fangpin/internal/civil"
	"fangpin/internal/money"
)

// maxText bounds a text cell (characters).
const maxText = 200

var (
	errEmpty  = errors.New("不能为空")
	errMonths = errors.New("月数应为0到12之间的整数")
	errYear   = errors.New("年度应为2000到2100之间的四位数年份")
	// errDateFuture is a date that cannot lie ahead (a settlement, a death).
	errDateFuture = errors.New("日期晚于今天")
	errTooLong    = fmt.Errorf("内容过长（最多%d个字）", maxText)
)

// cellValue reads one cell of column c into the value stored for it. today
// bounds dates that cannot lie ahead.
func cellValue(c *column, s string, today civil.Date) (any, error) {
	switch c.typ {
	case tText, tTextOpt:
		if s == "" && c.typ == tText {
			return nil, errEmpty
		}
		if len(s) > maxText && utf8.RuneCountInString(s) > maxText {
			return nil, errTooLong
		}
		return s, nil
	case tMoney, tMoneyOpt:
		if s == "" && c.typ == tMoneyOpt {
			return int64(0), nil
		}
		v, err := money.ParseYuan(s)
		return v, err
	case tDate, tDateAny, tDateOpt:
		return dateValue(c.typ, s, today)
	case tEnum:
		return enumValue(c, s)
	case tEnumOpt:
		if s == "" {
			return "", nil
		}
		return enumValue(c, s)
	case tYear:
		n, err := strconv.ParseUint(s, 10, 16)
		if err != nil || n < 2000 || n > 2100 {
			return nil, errYear
		}
		return int64(n), nil
	case tMonths:
		n, err := strconv.ParseUint(s, 10, 8) // digits only, no sign
		if err != nil || n > 12 {
			return nil, errMonths
		}
		return int64(n), nil
	}
	return nil, fmt.Errorf("feed: column %s: unknown type %d", c.name, c.typ)
}

func dateValue(t cellType, s string, today civil.Date) (any, error) {
	if s == "" {
		if t == tDateOpt {
			return nil, nil
		}
		return nil, errEmpty
	}
	d, err := civil.Parse(s)
	if err != nil {
		return nil, err
	}
	if t == tDate && d > today {
		return nil, errDateFuture
	}
	return int64(d), nil
}

func enumValue(c *column, s string) (any, error) {
	if s == "" {
		return nil, errEmpty
	}
	if v, ok := c.enum[s]; ok {
		return v, nil
	}
	return nil, fmt.Errorf("「%s」不是有效值（应为%s）", s, c.hint)
}

// checkMedical: reimbursements and the out-of-pocket part cannot add up to
// more than the total cost (values in the order of the medical spec).
func checkMedical(v []any) (int, error) {
	total := v[1].(int64)
	sum := v[2].(int64) + v[3].(int64) + v[4].(int64) + v[5].(int64)
	if sum > total {
		return 1, fmt.Errorf("报销与个人自付之和 %s 元超过医疗总费用 %s 元", money.Format(sum), money.Format(total))
	}
	return 0, nil
}

// checkCivil: an assistance period cannot end before it starts, and only
// 特困 support has a 供养方式.
func checkCivil(v []any) (int, error) {
	if end, ok := v[3].(int64); ok && end < v[2].(int64) {
		return 3, errors.New("结束日期早于开始日期")
	}
	if v[4] != "" && v[0] != "特困" {
		return 4, errors.New("供养方式只适用于特困")
	}
	return 0, nil
}

// checkDoctor: a contract cannot end before it is signed.
func checkDoctor(v []any) (int, error) {
	if end, ok := v[2].(int64); ok && end < v[0].(int64) {
		return 2, errors.New("到期日期早于签约日期")
	}
	return 0, nil
}
