package main

import (
	"bufio"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"fangpin/internal/idcard"
	"fangpin/internal/money"
)

var benchDiseases = []string{"高血压", "糖尿病", "慢性阻塞性肺疾病", "冠心病", "脑梗死", "恶性肿瘤", "尿毒症", "肺结核", "类风湿关节炎", ""}

// claimStats counts what writeClaims wrote.
type claimStats struct {
	rows, unregistered, heavy int
	bytes                     int64
}

// claimPlan is what writeClaims generates.
type claimPlan struct {
	rows         int
	unregistered float64 // share of claims for ID numbers nobody registered
	// crossing is the share of households given one heavy claim (个人自付
	// above medical_oop's 20,000 元, settled in the 12 months before asOf),
	// so that about that share crosses the rule: the first screen's load.
	crossing float64
	asOf     time.Time
	seed     uint64
}

// writeClaims writes plan.rows medical claims as a UTF-8 CSV file: persons
// drawn at random from the registry, a share of them for ID numbers that are
// valid but not registered, settled over the two years before asOf, amounts
// spread like real claims (most small, a long tail of large ones); among
// them, interleaved, one heavy claim for each household drawn for crossing.
func writeClaims(path string, p *benchPeople, plan claimPlan) (claimStats, error) {
	f, err := os.Create(path)
	if err != nil {
		return claimStats{}, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("身份证号,结算日期,医疗总费用,基本医保报销,大病保险报销,医疗救助,个人自付,疾病名称\n")
	r := rand.New(rand.NewPCG(plan.seed, plan.seed^0xc1a1))
	heavy := p.heavyMembers(r, plan.crossing, plan.rows)
	var st claimStats
	outsiders := map[string]int{}
	for i := range plan.rows {
		left := plan.rows - i
		switch {
		case len(heavy) > 0 && r.IntN(left) < len(heavy): // spread the heavy claims evenly through the file
			writeHeavyClaim(w, r, p.ids[heavy[0]], plan.asOf)
			heavy = heavy[1:]
			st.heavy++
		case r.Float64() < plan.unregistered:
			// born 2023 or later in 兰州城关区: no registered person of any region has such a number
			writeClaim(w, r, benchID(r, "620102", outsiders, 2023), plan.asOf)
			st.unregistered++
		default:
			writeClaim(w, r, p.ids[r.IntN(len(p.ids))], plan.asOf)
		}
		st.rows++
	}
	if err := w.Flush(); err != nil {
		return st, err
	}
	info, err := f.Stat()
	if err == nil {
		st.bytes = info.Size()
	}
	return st, err
}

// heavyMembers draws the households given a heavy claim (each with the
// given share, at most limit of them) and returns one member of each, as an
// index into p.ids, in household order.
func (p *benchPeople) heavyMembers(r *rand.Rand, share float64, limit int) []int {
	var out []int
	first := 0
	for _, size := range p.sizes {
		if share > 0 && len(out) < limit && r.Float64() < share {
			out = append(out, first+r.IntN(int(size)))
		}
		first += int(size)
	}
	return out
}

// writeHeavyClaim writes a claim whose 个人自付 alone (20,001–60,000 元)
// exceeds medical_oop's amount, settled within the year before asOf.
func writeHeavyClaim(w *bufio.Writer, r *rand.Rand, number string, asOf time.Time) {
	oop := int64(2_000_100 + r.IntN(4_000_000))
	total := oop * int64(200+r.IntN(100)) / 100
	writeClaimRow(w, number, asOf.AddDate(0, 0, -r.IntN(360)), []int64{total, total - oop, 0, 0, oop}, "恶性肿瘤")
}

func writeClaim(w *bufio.Writer, r *rand.Rand, number string, asOf time.Time) {
	day := asOf.AddDate(0, 0, -r.IntN(730))
	total := int64(math.Min(math.Exp(7.3+1.1*r.NormFloat64()), 800_000) * 100)
	basic := total * int64(40+r.IntN(31)) / 100
	var serious, assist int64
	if total > 1_500_000 {
		serious = (total - basic) * int64(r.IntN(50)) / 100
	}
	if r.IntN(10) == 0 {
		assist = (total - basic - serious) * int64(r.IntN(40)) / 100
	}
	oop := total - basic - serious - assist
	writeClaimRow(w, number, day, []int64{total, basic, serious, assist, oop}, benchDiseases[r.IntN(len(benchDiseases))])
}

// writeClaimRow writes one CSV line: ID number, date, the five amounts
// (total, basic, serious, assist, out of pocket) and the disease.
func writeClaimRow(w *bufio.Writer, number string, day time.Time, amounts []int64, disease string) {
	w.WriteString(idcard.Normalize(number))
	w.WriteByte(',')
	w.WriteString(day.Format(time.DateOnly))
	for _, fen := range amounts {
		w.WriteByte(',')
		w.WriteString(money.Yuan(fen))
	}
	w.WriteByte(',')
	w.WriteString(disease)
	w.WriteByte('\n')
}
