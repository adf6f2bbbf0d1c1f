package demo

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"

	"fangpin/internal/money"
)

// LabourHeader are the columns of the labour transfer file LabourCSV writes
// (docs/formats.md, "Labour transfers").
var LabourHeader = []string{"证件号码", "年度", "去向", "省份", "务工月数", "务工收入（元）"}

// The provinces the demo's workers go to outside Gansu, by weight: the
// neighbours whose subsidy is lower first.
var outProvinces = []string{"陕西", "宁夏", "新疆", "新疆", "江苏", "浙江", "广东", "内蒙古"}

// LabourCSV writes the labour transfers of cfg.Year of the city
// Generate(cfg) emits: every member of a 脱贫户 or of a household with a
// monitoring category who works away from the county (务工所在地 省内县外 or
// 省外) for the months the household file gives, with the income those
// months earned. 省内县外 splits into 市内县外 and 省内市外. Deterministic in
// cfg; it returns the rows written.
func LabourCSV(cfg Config, out io.Writer) (int, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return 0, err
	}
	r := rand.New(rand.NewPCG(cfg.Seed^0x1ab0, cfg.Seed+0x7a55))
	w := bufio.NewWriter(out)
	writeRecord(w, LabourHeader)
	year, n := strconv.Itoa(cfg.Year), 0
	_, err = generate(cfg, func(row []string) error {
		if row[colType] != "脱贫户" && row[colCategory] == "" {
			return nil
		}
		months, _ := strconv.Atoi(row[colMonths])
		dest, province := "", ""
		switch row[colPlace] {
		case "省内县外":
			dest = "省内市外"
			if r.IntN(5) < 2 {
				dest = "市内县外"
			}
		case "省外":
			dest, province = "省外", outProvinces[r.IntN(len(outProvinces))]
		}
		if dest == "" || months == 0 {
			return nil
		}
		monthly := int64(2800+r.IntN(1800)) * 100 // 2,800–4,600 元 a month, in fen
		writeRecord(w, []string{row[colID], year, dest, province, row[colMonths], money.Yuan(monthly * int64(months))})
		n++
		return nil
	}, true)
	if err != nil {
		return 0, err
	}
	if err := w.Flush(); err != nil {
		return 0, fmt.Errorf("demo: write labour: %w", err)
	}
	return n, nil
}
