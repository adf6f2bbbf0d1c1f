package civil

import "testing"

// FuzzParseMonth: a month read from any text is a real month whose YYYYMM
// form reads back as the same month.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"202403", "2024-03", "2024/3", "2024年3月", "２０２４０３", "202413"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil {
			return
		}
		if m.Num() < 1 || m.Num() > 12 {
			t.Fatalf("%q gave month %d", s, m)
		}
		if back, err := ParseMonth(m.String()); err != nil || back != m {
			t.Fatalf("%q → %v → %v, %v", s, m, back, err)
		}
	})
}
