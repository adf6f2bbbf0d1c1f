// Package regcode reads the shape of a 12-digit division code (GB/T 2260
// and the statistical codes below it): its level, its significant prefix and
// the codes of the regions above it. It is pure, so that store (scopes) and
// region (the table of names) share one definition.
package regcode

import (
	"fmt"
	"strings"
)

// Levels of a division code.
const (
	Province = 1
	City     = 2
	County   = 3
	Township = 4
	Village  = 5
)

// prefixLen is the significant length of a code of each level, 1-based.
var prefixLen = [...]int{0, 2, 4, 6, 9, 12}

// zeros pads prefixes to 12 digits.
const zeros = "000000000000"

// PrefixLen is the significant length of a code of level lvl (2, 4, 6, 9 or
// 12), 0 for the country.
func PrefixLen(lvl int) int { return prefixLen[lvl] }

// Valid reports a code of 12 ASCII digits that is not all zeros.
func Valid(code string) bool {
	_, err := Prefix(code)
	return err == nil
}

// Prefix strips a 12-digit code's trailing zero groups by level:
// 620302000000 → 620302, 620302100200 → 620302100200.
func Prefix(code string) (string, error) {
	if len(code) != 12 || strings.Trim(code, "0123456789") != "" {
		return "", fmt.Errorf("region code %q: want 12 digits", code)
	}
	for lvl := Province; lvl < Village; lvl++ {
		n := prefixLen[lvl]
		if strings.Trim(code[n:], "0") == "" {
			if strings.Trim(code[:n], "0") == "" {
				return "", fmt.Errorf("region code %q: all zeros", code)
			}
			return code[:n], nil
		}
	}
	return code, nil
}

// Level is the level of a valid code (Province … Village), 0 for an
// invalid one.
func Level(code string) int {
	p, err := Prefix(code)
	if err != nil {
		return 0
	}
	return LevelOfPrefix(p)
}

// LevelOfPrefix is the level of a significant prefix (0 for "" or a length
// that is no level's).
func LevelOfPrefix(p string) int {
	for lvl := Province; lvl <= Village; lvl++ {
		if len(p) == prefixLen[lvl] {
			return lvl
		}
	}
	return 0
}

// Pad writes a prefix as its 12-digit code: 6203 → 620300000000.
func Pad(prefix string) string {
	if len(prefix) >= 12 {
		return prefix[:12]
	}
	return prefix + zeros[len(prefix):]
}

// Ancestors lists the 12-digit codes of the levels at and above code, from
// the province down to code itself: 620302100200 → 620000000000,
// 620300000000, 620302000000, 620302100000, 620302100200. A code that is
// not valid gives nil.
func Ancestors(code string) []string {
	p, err := Prefix(code)
	if err != nil {
		return nil
	}
	out := make([]string, 0, Village)
	for lvl := Province; lvl <= Village && prefixLen[lvl] <= len(p); lvl++ {
		out = append(out, Pad(p[:prefixLen[lvl]]))
	}
	return out
}

// AncestorAt is the code of code's region at level lvl (its county, its
// township), or "" when code is above that level or invalid.
func AncestorAt(code string, lvl int) string {
	a := Ancestors(code)
	if lvl < Province || lvl > len(a) {
		return ""
	}
	return a[lvl-1]
}
