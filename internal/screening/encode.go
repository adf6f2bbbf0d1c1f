package screening

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"

	"fangpin/internal/incomeline"
)

// encoder writes the JSON columns of new warnings (threshold, figures,
// evidence) without reflection: a first screen writes hundreds of thousands
// of them. The text decodes to the same Threshold, figures and EvidenceRef
// as encoding/json's would (encode_test.go).
type encoder struct {
	thresholds map[thresholdKey]string // hits under one version, window and line share their text
	buf        []byte
}

type thresholdKey struct {
	v    *RuleVersion
	win  window
	line incomeline.Line
}

func newEncoder() *encoder { return &encoder{thresholds: map[thresholdKey]string{}} }

// threshold is the stored text of x's Threshold.
func (e *encoder) threshold(x *hit) (string, error) {
	k := thresholdKey{x.version, x.win, x.line}
	if s, ok := e.thresholds[k]; ok {
		return s, nil
	}
	b, err := json.Marshal(x.threshold())
	if err != nil {
		return "", err
	}
	e.thresholds[k] = string(b)
	return string(b), nil
}

// figures is the text of a map of numbers, keys sorted as encoding/json
// sorts them (the keys are plain ASCII names).
func (e *encoder) figures(m map[string]int64) string {
	e.buf = appendNumbers(e.buf[:0], m)
	return string(e.buf)
}

func appendNumbers(b []byte, m map[string]int64) []byte {
	b = append(b, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, k)
		b = append(b, ':')
		b = strconv.AppendInt(b, m[k], 10)
	}
	return append(b, '}')
}

// evidence is the text of x's EvidenceRef: the rows cited by reference
// (their ids; file, line, person and date are read from the feed row when
// shown), or the registry facts.
func (e *encoder) evidence(x *hit, files []int64) string {
	b := append(e.buf[:0], `{"table":`...)
	if x.table == "" {
		b = append(b, `"household_incomes","facts":`...)
		b = append(appendNumbers(b, x.facts), '}')
		e.buf = b
		return string(b)
	}
	b = strconv.AppendQuote(b, x.table)
	if cited := x.cited(); len(cited) > 0 {
		b = append(b, `,"rows":[`...)
		for i, id := range cited {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = append(strconv.AppendInt(b, id, 10), '}')
		}
		b = append(b, ']')
	}
	if len(x.rows) > 0 {
		b = append(b, `,"count":`...)
		b = strconv.AppendInt(b, int64(len(x.rows)), 10)
	}
	if len(files) > 0 {
		b = append(b, `,"files":[`...)
		for i, f := range files {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, f, 10)
		}
		b = append(b, ']')
	}
	b = append(b, '}')
	e.buf = b
	return string(b)
}
