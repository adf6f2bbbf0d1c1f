package demo

import (
	"time"

	"fangpin/internal/idcard"
)

// idSet holds the first 17 digits of every issued ID number as an integer,
// the only state that grows with Scale (about 40 bytes per person).
type idSet map[uint64]struct{}

// newID issues a unique ID number: the county's code, the birth date, a
// sequence whose last digit is odd for men, and the GB 11643 check character.
// A taken number bumps the sequence; a full day moves the birth a day earlier.
func (g *generator) newID(county string, birth time.Time, male bool) string {
	var b [18]byte
	copy(b[:6], county)
	seq := 2 * g.r.IntN(500)
	if male {
		seq++
	}
	for tries := 1; ; tries++ {
		putDate(b[6:14], birth)
		putDigits(b[14:17], seq)
		if key := digitsValue(b[:17]); !g.ids.has(key) {
			g.ids[key] = struct{}{}
			break
		}
		seq = (seq + 2) % 1000
		if tries%500 == 0 {
			birth = birth.AddDate(0, 0, -1)
		}
	}
	b[17] = idcard.CheckChar(string(b[:17]))
	return string(b[:])
}

func (s idSet) has(k uint64) bool {
	_, ok := s[k]
	return ok
}

// putDate writes t as YYYYMMDD.
func putDate(b []byte, t time.Time) {
	y, m, d := t.Date()
	putDigits(b[0:4], y)
	putDigits(b[4:6], int(m))
	putDigits(b[6:8], d)
}

// putDigits writes n zero-padded into all of b.
func putDigits(b []byte, n int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
}

func digitsValue(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v*10 + uint64(c-'0')
	}
	return v
}
