package idcard

import (
	"testing"
	"time"
)

// FuzzParse: an accepted ID number is 18 characters with a valid checksum,
// its birth day is in it, and its mask keeps only the first 6 and last 4.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105194912310021", " 11010519491231002x ", "１１０１０５１９４９１２３１００２Ｘ", "620102198001011234", "12345"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		info, err := Parse(s, now)
		if err != nil {
			return
		}
		n := info.Number
		if len(n) != 18 || CheckChar(n) != n[17] || info.Birth.Format("20060102") != n[6:14] || info.Birth.After(now) {
			t.Fatalf("%q accepted as %+v", s, info)
		}
		if m := Mask(n); len(m) != 18 || m[:6] != n[:6] || m[14:] != n[14:] || m[6:14] != "********" {
			t.Fatalf("Mask(%q) = %q", n, m)
		}
		if again, err := Parse(n, now); err != nil || again.Number != n {
			t.Fatalf("%q does not parse again: %v", n, err)
		}
	})
}
