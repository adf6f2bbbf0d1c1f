// Package idcard checks and reads Chinese resident ID numbers (GB 11643-1999)
// and masks ID and phone numbers for display.
package idcard

import (
	"strings"
	"time"

	"fangpin/internal/fault"
)

// Info is what an ID number says about its holder.
type Info struct {
	Number string    // normalised: 18 characters, check character upper-case
	Region string    // the 6-digit address code
	Birth  time.Time // date of birth
	Male   bool      // 17th digit odd
}

// Sex returns "男" or "女".
func (i Info) Sex() string {
	if i.Male {
		return "男"
	}
	return "女"
}

var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const checkChars = "10X98765432"

// Errors returned by Parse: Invalid, without a field (the caller knows it),
// with a message in both languages; Error() is the Chinese one.
var (
	ErrLength   = fault.Invalidt("证件号码应为18位", "the ID number must have 18 characters")
	ErrChars    = fault.Invalidt("证件号码前17位应为数字，最后一位为数字或X", "the ID number must be 17 digits and a digit or X")
	ErrChecksum = fault.Invalidt("证件号码校验位不正确", "the ID number's check character is wrong")
	ErrBirth    = fault.Invalidt("证件号码中的出生日期无效", "the birth date in the ID number is not valid")
	ErrRegion   = fault.Invalidt("证件号码中的地区码无效", "the region code in the ID number is not valid")
)

// Normalize trims spaces and upper-cases the check character.
func Normalize(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}

// CheckChar computes the check character of the first 17 digits.
func CheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * weights[i]
	}
	return checkChars[sum%11]
}

// Parse validates an ID number: length, characters, checksum, a real birth
// date not in the future (relative to now) and a plausible province prefix.
func Parse(s string, now time.Time) (Info, error) {
	n := Normalize(s)
	if len(n) != 18 {
		return Info{}, ErrLength
	}
	for i := 0; i < 17; i++ {
		if n[i] < '0' || n[i] > '9' {
			return Info{}, ErrChars
		}
	}
	if c := n[17]; (c < '0' || c > '9') && c != 'X' {
		return Info{}, ErrChars
	}
	if CheckChar(n) != n[17] {
		return Info{}, ErrChecksum
	}
	if !validProvince(n[:2]) {
		return Info{}, ErrRegion
	}
	birth, err := time.Parse("20060102", n[6:14])
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC) // calendar date where now is
	if err != nil || birth.Year() < 1890 || birth.After(today) {
		return Info{}, ErrBirth
	}
	return Info{Number: n, Region: n[:6], Birth: birth, Male: (n[16]-'0')%2 == 1}, nil
}

// validProvince accepts the province-level prefixes of GB/T 2260
// (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82).
func validProvince(p string) bool {
	switch p[0] {
	case '1':
		return p[1] >= '1' && p[1] <= '5'
	case '2':
		return p[1] >= '1' && p[1] <= '3'
	case '3':
		return p[1] >= '1' && p[1] <= '7'
	case '4':
		return p[1] >= '1' && p[1] <= '6'
	case '5':
		return p[1] >= '0' && p[1] <= '4'
	case '6':
		return p[1] >= '1' && p[1] <= '5'
	case '7':
		return p[1] == '1'
	case '8':
		return p[1] == '1' || p[1] == '2'
	}
	return false
}

// AgeAt returns the full years of age at date d.
func (i Info) AgeAt(d time.Time) int {
	return Age(i.Birth, d)
}

// Age returns the full years between birth and d.
func Age(birth, d time.Time) int {
	a := d.Year() - birth.Year()
	if d.Month() < birth.Month() || (d.Month() == birth.Month() && d.Day() < birth.Day()) {
		a--
	}
	return a
}

// Mask shows an ID number as its first 6 and last 4 characters
// (620102********123X). Anything shorter than 10 characters is fully hidden.
func Mask(id string) string {
	if len(id) < 10 {
		return strings.Repeat("*", len(id))
	}
	return id[:6] + strings.Repeat("*", len(id)-10) + id[len(id)-4:]
}

// MaskPhone shows a phone number as 138****1234.
func MaskPhone(p string) string {
	p = strings.TrimSpace(p)
	if len(p) < 7 {
		return strings.Repeat("*", len(p))
	}
	return p[:3] + strings.Repeat("*", len(p)-7) + p[len(p)-4:]
}

// ValidPhone accepts an 11-digit mobile number starting with 1, or a landline
// of 7–12 digits with an optional area code and hyphen.
func ValidPhone(p string) error {
	p = strings.TrimSpace(p)
	digits := strings.ReplaceAll(p, "-", "")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return fault.Invalidt("电话号码只能包含数字和连字符", "the phone number may hold digits and hyphens only")
	}
	if len(digits) == 11 && digits[0] == '1' {
		return nil
	}
	if digits[0] == '0' && len(digits) >= 10 && len(digits) <= 12 {
		return nil
	}
	if len(digits) >= 7 && len(digits) <= 8 && !strings.Contains(p, "-") {
		return nil
	}
	return fault.Invalidt("电话号码应为11位手机号或带区号的固定电话", "the phone number must be an 11-digit mobile number or a landline with its area code")
}
