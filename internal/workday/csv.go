package workday

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
)

// holidays-cn.csv holds the State Council notices for 2024–2026, each year
// complete, in the calendar format of docs/formats.md.
//
//go:embed holidays-cn.csv
var officialCSV []byte

var official = sync.OnceValues(func() ([]Day, error) {
	days, err := parseCSV(bytes.NewReader(officialCSV))
	for i := range days {
		days[i].Source = SourceOfficial
	}
	return days, err
})

// Official returns the calendar of the embedded official file (2024–2026,
// every year in it complete), for tests and tools without a database.
func Official() *Calendar {
	days, err := official()
	if err != nil {
		panic("workday: embedded holidays-cn.csv: " + err.Error()) // fixed at build time; tested
	}
	return New(days, yearsOf(days))
}

// maxLineErrors bounds the errors one import reports.
const maxLineErrors = 20

// parseCSV reads date,kind,name rows (an optional header line, an optional
// UTF-8 byte-order mark, name optional). Every bad row is reported in one
// Invalid error (importError), up to maxLineErrors.
func parseCSV(r io.Reader) ([]Day, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var days []Day
	var bad []badLine
	seen := map[date]int{}
	for first := true; len(bad) < maxLineErrors; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad = append(bad, badLine{pe.Line, fault.T("CSV 格式错误：%s", "CSV format error: %s", pe.Err.Error())})
			return nil, importError(bad)
		}
		if err != nil {
			return nil, fmt.Errorf("workday: read CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if first && isHeader(rec) {
			continue
		}
		d, why := parseRecord(rec, seen, line)
		if why != nil {
			bad = append(bad, badLine{line, why.Msg})
			continue
		}
		days = append(days, d)
	}
	if len(bad) == maxLineErrors {
		bad = append(bad, badLine{0, fault.T("只显示前%d处错误", "Only the first %d errors are shown", maxLineErrors)})
	}
	if len(bad) > 0 {
		return days, importError(bad)
	}
	return days, nil
}

func isHeader(rec []string) bool {
	return strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff")), "date")
}

// parseRecord checks one row; seen maps the dates read so far to their lines.
func parseRecord(rec []string, seen map[date]int, line int) (Day, *fault.Error) {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return Day{}, fault.Invalidt("不是 UTF-8 编码（请另存为“CSV UTF-8”）", "Not UTF-8 (save the file as “CSV UTF-8”)")
		}
	}
	if len(rec) < 2 || len(rec) > 3 {
		return Day{}, fault.Invalidt("应为 date,kind,name 三列，实际 %d 列", "Expected the three columns date,kind,name; found %d", len(rec))
	}
	d, err := parseDate(strings.TrimPrefix(rec[0], "\ufeff"))
	if err != nil {
		return Day{}, err
	}
	kind := strings.TrimSpace(rec[1])
	if err := checkDay(d, kind); err != nil {
		return Day{}, err
	}
	if prev, ok := seen[d]; ok {
		return Day{}, fault.Invalidt("日期 %s 与第%d行重复", "The date %s repeats line %d", d.String(), prev)
	}
	seen[d] = line
	return Day{Date: d.time(), Kind: kind, Name: field(rec, 2)}, nil
}

func field(rec []string, i int) string {
	if i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// parseDate reads a date as civil.Parse does: 2024-02-04 and, as
// spreadsheets write it, 2024/2/4 and the other written forms.
func parseDate(s string) (date, *fault.Error) {
	d, err := civil.Parse(s)
	if err != nil {
		return 0, fault.Invalidt("日期“%s”无效，应为 YYYY-MM-DD", "The date “%s” is not valid: use YYYY-MM-DD", strings.TrimSpace(s))
	}
	return dateOf(d.Time()), nil
}

// yearsOf lists the distinct years of days, in order of first appearance.
func yearsOf(days []Day) []int {
	var out []int
	seen := map[int]bool{}
	for _, d := range days {
		if y := d.Date.Year(); !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	return out
}
