package auth

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"fangpin/internal/fault"
)

// Password policy.
const (
	MinPasswordLen = 10  // characters
	MaxPasswordLen = 128 // characters; argon2 takes any length, people do not need more
)

//go:embed weak.txt
var weakText string

// weak holds the lines of weak.txt, lower-cased.
var weak = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(weakText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// CheckPassword applies the password policy: at least 10 characters, at
// least three of {lower-case letter, upper-case letter, digit, other}, not
// containing the username, and not a well-known weak password or a weak word
// dressed up with digits and symbols (Admin@123456, P@ssw0rd2026). The error
// is an Invalid *fault.Error for the field "password".
func CheckPassword(password, username string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return fault.Invalidf("password", "密码至少需要%d个字符", "The password needs at least %d characters", MinPasswordLen)
	case n > MaxPasswordLen:
		return fault.Invalidf("password", "密码不能超过%d个字符", "The password must not exceed %d characters", MaxPasswordLen)
	case isWeak(password):
		return fault.Invalidf("password", "密码过于常见，容易被猜中，请换一个", "The password is too common and easy to guess; choose another")
	case username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)):
		return fault.Invalidf("password", "密码不能包含用户名", "The password must not contain the username")
	case charClasses(password) < 3:
		return fault.Invalidf("password", "密码需包含小写字母、大写字母、数字、符号中的至少三类", "The password needs at least three of: lower-case letters, upper-case letters, digits, symbols")
	}
	return nil
}

// charClasses counts the kinds of characters in s: lower, upper, digit, other.
func charClasses(s string) int {
	var lower, upper, digit, other int
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	return lower + upper + digit + other
}

// isWeak reports whether s, ignoring case, is on the weak list as it is,
// without trailing digits and symbols, or without them at both ends; each
// also with look-alike characters undone (@→a, 0→o, $→s …).
func isWeak(s string) bool {
	s = strings.ToLower(s)
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	for _, c := range []string{s, strings.TrimRightFunc(s, notLetter), strings.TrimFunc(s, notLetter)} {
		if weak[c] || weak[unLeet.Replace(c)] {
			return true
		}
	}
	return false
}

var unLeet = strings.NewReplacer("@", "a", "4", "a", "0", "o", "3", "e", "$", "s", "5", "s", "1", "i", "!", "i", "7", "t")
