package lifecycle

import (
	"math/rand/v2"
	"sort"

	"fangpin/internal/demo"
	"fangpin/internal/village"
)

// The demo city's 和美乡村 figures, the founding document's: 3 provincial
// and 12 city demonstration villages, 2,126 toilets renovated (the whole
// task), a sanitary-toilet rate of 89.41%, cleaning staff and vehicles in
// every village, sewage treated in nearly half of them (48%), the three
// governance lists everywhere.
const (
	demoProvincial   = 3
	demoCity         = 12
	demoToilets      = 2126
	sanitaryPer10000 = 8941
	sewagePct        = 48
	planMissingPct   = 10 // villages whose practical plan is not done yet
)

// VillageIndicators are the demo city's indicator rows of cfg.Year, one per
// village, given each village's registry households (registered). They are
// deterministic in the seed and draw from a source of their own, so that
// adding them changes no other demo figure.
func VillageIndicators(cfg demo.Config, registered map[string]int) ([]village.Indicator, error) {
	codes, err := demo.VillageCodes()
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(cfg.Seed^0x7111a9e, cfg.Seed+0x5a17))
	n := len(codes)
	out := make([]village.Indicator, n)
	weights := make([]int, n)
	for i, code := range codes {
		out[i] = village.Indicator{Region: code, Year: cfg.Year, PlanDone: true, Cleaners: 2 + r.IntN(5),
			Vehicles: 1 + r.IntN(2), ListPower: true, ListAffairs: true, ListServices: true}
		weights[i] = registered[code]
		if r.Float64() < 0.25 {
			out[i].Titles = []string{"文明村"}
		}
	}
	for k, i := range r.Perm(n) {
		switch {
		case k < demoProvincial:
			out[i].DemoLevel, out[i].DemoYear = village.LevelProvince, cfg.Year-1-k%2
			out[i].Titles = append(out[i].Titles, "省级卫生村")
		case k < demoProvincial+demoCity:
			out[i].DemoLevel, out[i].DemoYear = village.LevelCity, cfg.Year-k%3
		case k >= n-n*planMissingPct/100:
			out[i].PlanDone = false
		}
	}
	for k, i := range r.Perm(n) {
		out[i].SewageTreated = k < (n*sewagePct+50)/100
	}
	total := 0
	for _, w := range weights {
		total += w
	}
	toilets := apportion(demoToilets, weights)
	sanitary := apportion(sanitaryTarget(total), weights)
	for i := range out {
		out[i].ToiletsPlanned, out[i].ToiletsDone, out[i].SanitaryHouseholds = toilets[i], toilets[i], sanitary[i]
	}
	return out, nil
}

// sanitaryTarget is the households with a sanitary toilet out of total
// whose share, rounded half up to hundredths of a percent, is 89.41%; the
// nearest count when none is (a total under 10,000 may have none).
func sanitaryTarget(total int) int {
	s := (total*sanitaryPer10000 + 5000) / 10000
	for _, c := range []int{s, s + 1, s - 1} {
		if c >= 0 && c <= total && total > 0 && (c*20000+total)/(2*total) == sanitaryPer10000 {
			return c
		}
	}
	return s
}

// apportion splits sum in proportion to weights by largest remainders
// (ties to the first), each share at most its weight when sum ≤ Σ weights.
func apportion(sum int, weights []int) []int {
	out := make([]int, len(weights))
	total := 0
	for _, w := range weights {
		total += w
	}
	if total == 0 {
		return out
	}
	type rem struct{ i, r int }
	rems := make([]rem, len(weights))
	given := 0
	for i, w := range weights {
		out[i] = sum * w / total
		given += out[i]
		rems[i] = rem{i, sum * w % total}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for k := 0; given < sum; k = (k + 1) % len(rems) {
		out[rems[k].i]++
		given++
	}
	return out
}
