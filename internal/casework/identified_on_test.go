package casework

import (
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestEnrolSetsIdentifiedOn: a newly identified household gets the
// enrolment day (China time) as identified_on, which the development-measure
// deadline counts from; a re-marked one keeps its identification (and its
// unknown day).
func TestEnrolSetsIdentifiedOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fresh := addHousehold(t, db, "6203211002010021", testkit.VillageA, false)
		back := addHousehold(t, db, "6203211002010022", testkit.VillageA, true)
		for _, hh := range []int64{fresh, back} {
			c := open(t, db, NewCase{HouseholdID: hh, Source: SourceScreening}, t0)
			walkToCountyApproved(t, db, c.ID)
			must(t, db, countyU, c.ID, ActEnrol, goodData[ActEnrol], days(11), StateEnrolled)
		}
		if n := count(t, db, "SELECT count(*) FROM households WHERE id = ? AND identified_on = '2026-11-13'", fresh); n != 1 {
			t.Error("newly identified household without its enrolment day")
		}
		if n := count(t, db, "SELECT count(*) FROM households WHERE id = ? AND identified_on IS NULL AND identified_month = 202203", back); n != 1 {
			t.Error("re-marked household's identification changed")
		}
	})
}
