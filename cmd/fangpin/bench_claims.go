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
	rows, unregistered int
	bytes              int64
}

// writeClaims writes m medical claims as a UTF-8 CSV file: persons drawn at
// random from ids, a share of them (unregisteredShare) for ID numbers that
// are valid but not registered, settled over the two years before asOf,
// amounts spread like real claims (most small, a long tail of large ones).
func writeClaims(path string, ids []string, m int, unregisteredShare float64, asOf time.Time, seed uint64) (claimStats, error) {
	f, err := os.Create(path)
	if err != nil {
		return claimStats{}, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("身份证号,结算日期,医疗总费用,基本医保报销,大病保险报销,医疗救助,个人自付,疾病名称\n")
	r := rand.New(rand.NewPCG(seed, seed^0xc1a1))
	var st claimStats
	outsiders := map[string]int{}
	for range m {
		number := ""
		if r.Float64() < unregisteredShare {
			number = benchID(r, "620102", outsiders) // 兰州: nobody of 金昌 has such a number
			st.unregistered++
		} else {
			number = ids[r.IntN(len(ids))]
		}
		writeClaim(w, r, number, asOf)
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
	w.WriteString(idcard.Normalize(number))
	w.WriteByte(',')
	w.WriteString(day.Format(time.DateOnly))
	for _, fen := range []int64{total, basic, serious, assist, oop} {
		w.WriteByte(',')
		w.WriteString(money.Yuan(fen))
	}
	w.WriteByte(',')
	w.WriteString(benchDiseases[r.IntN(len(benchDiseases))])
	w.WriteByte('\n')
}
