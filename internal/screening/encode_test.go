package screening

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// TestEncoder: the hand-written JSON of the warnings' columns decodes to
// what encoding/json writes for the same values; rows are cited by id, the
// largest amounts first, in date order.
func TestEncoder(t *testing.T) {
	v := Default(MedicalOOP)
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	x := hit{household: 7, rule: MedicalOOP, period: "2026", version: &v, win: windowOf(asOf, 12),
		figures: map[string]int64{"oop_fen": 2_500_000, "rows": 3, "members": 2}}
	x.cite("feed_medical", []feedRow{{id: 30, amount: 5, day: 20260301}, {id: 10, amount: 900, day: 20260501},
		{id: 20, amount: 7, day: 20260101}}, byAmount)
	facts := hit{household: 8, rule: IncomeDrop, version: &v, facts: map[string]int64{"income_fen": 1, "drop_fen": 2}}
	empty := hit{household: 9, rule: Dropout, version: &v, table: "feed_education"}
	e := newEncoder()
	cases := []struct {
		x     hit
		files []int64
		want  EvidenceRef
	}{
		{x, []int64{4, 5}, EvidenceRef{Table: "feed_medical", Rows: []EvidenceRow{{ID: 20}, {ID: 30}, {ID: 10}}, Count: 3,
			Files: []int64{4, 5}}},
		{facts, nil, EvidenceRef{Table: "household_incomes", Facts: facts.facts}},
		{empty, nil, EvidenceRef{Table: "feed_education"}},
	}
	for _, c := range cases {
		var got EvidenceRef
		if err := json.Unmarshal([]byte(e.evidence(&c.x, c.files)), &got); err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("evidence %s: %+v, %v; want %+v", e.evidence(&c.x, c.files), got, err, c.want)
		}
	}
	want, _ := json.Marshal(x.figures)
	if got := e.figures(x.figures); got != string(want) {
		t.Errorf("figures %s, want %s", got, want)
	}
	want, _ = json.Marshal(x.threshold())
	for range 2 { // the second from the cache
		if got, err := e.threshold(&x); err != nil || got != string(want) {
			t.Errorf("threshold %s, %v; want %s", got, err, want)
		}
	}
}
