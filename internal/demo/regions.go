package demo

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
)

// gansuGz is the NBS 2023 division codes of Gansu, in the region file format
// of docs/formats.md, gzipped.
//
//go:embed gansu.csv.gz
var gansuGz []byte

// Regions returns the gzipped Gansu division CSV (code,name,level,parent_code),
// ready for `import regions`, so the demo households' village codes resolve.
func Regions() io.Reader { return bytes.NewReader(gansuGz) }

// village is a level-5 region households are placed in.
type village struct {
	code   string // 12 digits
	county string // first 6 digits: ID prefix and 户编号 prefix
}

// minVillages is how many village committees the city needs before residents'
// committees are left out; 金昌 has 139, so only villages are used.
const minVillages = 50

// villages lists the city's level-5 regions in code order, read once.
var villages = sync.OnceValues(func() ([]village, error) {
	rural, urban, err := cityVillages()
	if err != nil {
		return nil, err
	}
	if len(rural) < minVillages {
		rural = append(rural, urban...)
		slices.SortFunc(rural, func(a, b village) int { return strings.Compare(a.code, b.code) })
	}
	if len(rural) == 0 {
		return nil, fmt.Errorf("demo: no villages under %s in the embedded divisions", CityCode)
	}
	return rural, nil
})

// cityVillages splits the city's level-5 rows into village committees
// (digits 10–12 in 200–399) and residents' committees.
func cityVillages() (rural, urban []village, err error) {
	zr, err := gzip.NewReader(Regions())
	if err != nil {
		return nil, nil, fmt.Errorf("demo: embedded divisions: %w", err)
	}
	cr := csv.NewReader(zr)
	cr.ReuseRecord = true
	prefix := CityCode[:4]
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rural, urban, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("demo: embedded divisions: %w", err)
		}
		code := rec[0]
		if len(rec) < 3 || rec[2] != "5" || !strings.HasPrefix(code, prefix) || len(code) != 12 {
			continue
		}
		v := village{code: code, county: code[:6]}
		if code[9:12] >= "200" && code[9:12] <= "399" {
			rural = append(rural, v)
		} else {
			urban = append(urban, v)
		}
	}
}

// quota is how many households of each type one village receives.
type quota struct{ poor, ordinary int }

// allocate spreads the households over the villages: villages differ in size,
// and in their share of formerly-poor households.
func allocate(r *rand.Rand, n int, poor, ordinary int) []quota {
	size := make([]float64, n)
	poorW := make([]float64, n)
	for i := range size {
		size[i] = 0.4 + r.Float64()
		poorW[i] = size[i] * (0.3 + 1.4*r.Float64())
	}
	ps, os := largestRemainder(poor, poorW), largestRemainder(ordinary, size)
	q := make([]quota, n)
	for i := range q {
		q[i] = quota{poor: ps[i], ordinary: os[i]}
	}
	return q
}

// largestRemainder divides total in proportion to weights, exactly.
func largestRemainder(total int, weights []float64) []int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	frac := make([]int, len(weights))
	given := 0
	for i, w := range weights {
		exact := float64(total) * w / sum
		out[i] = int(math.Floor(exact))
		given += out[i]
		frac[i] = i
	}
	rem := func(i int) float64 { return float64(total)*weights[i]/sum - float64(out[i]) }
	slices.SortStableFunc(frac, func(a, b int) int { return -cmpFloat(rem(a), rem(b)) })
	for k := 0; given < total; k++ {
		out[frac[k%len(frac)]]++
		given++
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// VillageCodes are the codes of the villages the demo city's households
// live in, in code order.
func VillageCodes() ([]string, error) {
	vs, err := villages()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.code
	}
	return out, nil
}
