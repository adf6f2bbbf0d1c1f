package workday

import "testing"

func TestDeadlines(t *testing.T) {
	d := &Deadlines{Cal: Official(), Limits: DefaultLimits}
	// a clue on Friday 2024-09-27: accept by Mon 09-30 (Sunday 09-29 is a make-up working day),
	// verify 5 more working days → after the National Day holiday
	cases := []struct{ step, want string }{{"accept", "2024-09-30"}, {"verify", "2024-10-12"}, {"total", "2024-10-23"}}
	for _, c := range cases {
		got, err := d.Due(Date(2024, 9, 27), c.step)
		if err != nil || got != c.want {
			t.Errorf("%s: %s %v, want %s", c.step, got, err, c.want)
		}
	}
	if _, err := d.Due(Date(2027, 3, 1), "accept"); err == nil {
		t.Error("a year without holiday data gave a deadline")
	}
	if _, err := d.Due(Date(2024, 3, 1), "nope"); err == nil {
		t.Error("unknown step accepted")
	}
}
