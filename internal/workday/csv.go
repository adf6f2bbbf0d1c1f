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
	"time"
	"unicode/utf8"
)

// holidays-cn.csv is a copy of ../shared/data/calendar/holidays-cn.csv: the
// State Council notices for 2024–2026, each year complete.
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
// UTF-8 byte-order mark, name optional). Every bad row is reported, as
// *InvalidError with its line, up to maxLineErrors.
func parseCSV(r io.Reader) ([]Day, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var days []Day
	var errs []error
	seen := map[date]int{}
	for first := true; len(errs) < maxLineErrors; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errors.Join(append(errs, csvError(err))...)
		}
		line, _ := cr.FieldPos(0)
		if first && isHeader(rec) {
			continue
		}
		d, err := parseRecord(rec, seen, line)
		if err != nil {
			errs = append(errs, &InvalidError{Line: line, Reason: err.Error()})
			continue
		}
		days = append(days, d)
	}
	if len(errs) == maxLineErrors {
		errs = append(errs, &InvalidError{Reason: fmt.Sprintf("只显示前%d处错误", maxLineErrors)})
	}
	return days, errors.Join(errs...)
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InvalidError{Line: pe.Line, Reason: "CSV 格式错误：" + pe.Err.Error()}
	}
	return fmt.Errorf("workday: read CSV: %w", err)
}

func isHeader(rec []string) bool {
	return strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff")), "date")
}

// parseRecord checks one row; seen maps the dates read so far to their lines.
func parseRecord(rec []string, seen map[date]int, line int) (Day, error) {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return Day{}, errors.New("不是 UTF-8 编码（请另存为“CSV UTF-8”）")
		}
	}
	if len(rec) < 2 || len(rec) > 3 {
		return Day{}, fmt.Errorf("应为 date,kind,name 三列，实际 %d 列", len(rec))
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
		return Day{}, fmt.Errorf("日期 %s 与第%d行重复", d, prev)
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

// parseDate accepts 2024-02-04 and, as spreadsheets write it, 2024/2/4.
func parseDate(s string) (date, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, "2006/1/2"} {
		if t, err := time.ParseInLocation(layout, s, China); err == nil {
			return dateOf(t), nil
		}
	}
	return 0, fmt.Errorf("日期“%s”无效，应为 YYYY-MM-DD", s)
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
