package stats

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/entity"
	"fangpin/internal/monitoring"
	"fangpin/internal/project"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/village"
	"fangpin/internal/water"
)

// Sectors is the 三保障 block of the overview (docs/figures.md, "Sectors
// (三保障)"): figures of the department feed rows dated from 1 January of
// as_of's year to as_of, of the persons who are members of a household of
// the region on as_of. Money is in fen.
type Sectors struct {
	Education struct {
		AidAmount                  int64 `json:"aid_amount"`
		AidPersonTimes             int   `json:"aid_person_times"`
		AidFormerlyPoorPersonTimes int   `json:"aid_formerly_poor_person_times"`
		DropoutsCompulsory         int   `json:"dropouts_compulsory"`
		DropoutsFollowed           int   `json:"dropouts_followed"`
		DropoutsReturned           int   `json:"dropouts_returned"`
	} `json:"education"`
	Medical struct {
		LowIncomePersonsReimbursed int   `json:"low_income_persons_reimbursed"`
		Basic                      int64 `json:"basic"`
		SeriousIllness             int64 `json:"serious_illness"`
		Assistance                 int64 `json:"assistance"`
		// insurance and family doctors (docs/figures.md): the shares are
		// derived from the counts, 0 when the denominator is 0
		LowIncomePersons      int     `json:"low_income_persons"`
		LowIncomeInsured      int     `json:"low_income_insured"`
		LowIncomeInsuredShare float64 `json:"low_income_insured_share"`
		PremiumSubsidy        int64   `json:"premium_subsidy"`
		DoctorHouseholds      int     `json:"doctor_households"`
		DoctorHouseholdsTotal int     `json:"doctor_households_total"`
		DoctorHouseholdsShare float64 `json:"doctor_households_share"`
	} `json:"medical"`
	Housing struct {
		HouseholdsChecked  int            `json:"households_checked"`
		Unsafe             int            `json:"unsafe"`
		RetrofitsCompleted int            `json:"retrofits_completed"`
		RetrofitSubsidy    int64          `json:"retrofit_subsidy"`
		PriorityGroups     PriorityGroups `json:"priority_groups"`
	} `json:"housing"`
	Employment struct {
		FormerlyPoorTransferred int `json:"formerly_poor_transferred"`
	} `json:"employment"`
	Projects project.Figures `json:"projects"` // 项目库与产业链 (linkage.go)
	Labour   Labour          `json:"labour"`   // 劳动力转移就业 and its subsidies (linkage.go)
	Village  village.Figures `json:"village"`  // 和美乡村 (village.go)
	Water    water.Figures   `json:"water"`    // 饮水安全 (sectors_water.go)
	// Entities are the business entity figures (docs/figures.md, "Business
	// entities (联农带农)").
	Entities entity.Figures `json:"entities"`
}

// ComputeSectors returns the sectors block of regionCode (inside scope) as
// of asOf, as the overview holds it.
func ComputeSectors(ctx context.Context, db *store.DB, scope store.Scope, regionCode string, asOf time.Time) (*Sectors, error) {
	d, err := ComputeSectorDetail(ctx, db, scope, regionCode, asOf)
	if err != nil {
		return nil, err
	}
	return &d.Sectors, nil
}

// ComputeSectorDetail returns the sectors block of regionCode (inside
// scope) as of asOf with the entries behind each figure: the lists of the
// sector pages are the entries the figures sum. It reads the committed
// data and remembers the entries of each county (rememberedSectors).
func ComputeSectorDetail(ctx context.Context, db *store.DB, scope store.Scope, regionCode string, asOf time.Time) (*SectorDetail, error) {
	s, err := scope.Narrow(regionCode)
	if err != nil {
		return nil, err
	}
	return rememberedSectors(ctx, db, s, asOf)
}

// sectorsNow computes the sectors block of the scope s as of asOf, nothing
// remembered: what rememberedSectors must return.
func sectorsNow(ctx context.Context, q store.Querier, s store.Scope, asOf time.Time) (*SectorDetail, error) {
	changed, err := changedSince(ctx, q, asOf)
	if err != nil {
		return nil, err
	}
	entries, err := sectorEntries(ctx, q, s, asOf, changed)
	if err != nil {
		return nil, err
	}
	var base Sectors
	if err := WholeSectors(ctx, q, s, civil.FromYMD(asOf.Date()), &base); err != nil {
		return nil, fmt.Errorf("stats: sectors: %w", err)
	}
	return newSectorDetail(base, entries), nil
}

// sectorRun holds what every sector query needs: the scope, the day's
// bounds and the households whose village or type on as_of is not their
// current one.
type sectorRun struct {
	ctx      context.Context
	q        store.Querier
	s        store.Scope
	jan, day int    // YYYYMMDD: 1 January of as_of's year, as_of
	end      string // the first moment after as_of (a stamp)
	places   map[int64]*HouseholdAt
	movedIn  []int64 // in the scope on as_of, outside it now

	mu      sync.Mutex
	entries map[string][]SectorEntry // per figure key (SectorFigures)

	// what feedRows reads once, beside the steps' queries: the persons who
	// were no members on as_of, and the current household of the persons who
	// moved since their rows were stamped
	nonMembers map[int64]bool
	moved      map[int64]movedTo
	placed     chan struct{} // closed when they are read (placedErr set)
	placedErr  error
}

// add records that the figure key counts value for person pid (0: none) of
// household hh in village. The steps run side by side: add is their one
// shared state.
func (r *sectorRun) add(key string, hh, pid int64, village string, value int64) {
	if value == 0 {
		return
	}
	r.mu.Lock()
	r.entries[key] = append(r.entries[key], SectorEntry{Household: hh, Person: pid, Village: village, Value: value})
	r.mu.Unlock()
}

// sectorEntries computes the entries of the block of the scope s, per
// figure key: every figure but the Whole ones (WholeSectors), which have
// none; changed is whether anything was recorded after as_of.
func sectorEntries(ctx context.Context, q store.Querier, s store.Scope, asOf time.Time, changed bool) (map[string][]SectorEntry, error) {
	hs, err := monitoredAt(ctx, q, s, asOf, changed)
	if err != nil {
		return nil, err
	}
	r := &sectorRun{ctx: ctx, q: q, s: s, jan: asOf.Year()*10000 + 101,
		day: asOf.Year()*10000 + int(asOf.Month())*100 + asOf.Day(), end: endOf(asOf), entries: map[string][]SectorEntry{}}
	if changed {
		if err := r.placesAt(dayOf(asOf)); err != nil {
			return nil, err
		}
	}
	// the non-members and moves are read while the steps' queries run
	// (feedRows waits for them after its query's first row)
	r.placed = make(chan struct{})
	go func() { r.placedErr = r.readPlaces(changed); close(r.placed) }()
	monitored := map[int64]bool{}
	month := registry.MonthOf(asOf)
	for _, h := range hs {
		if h.IdentifiedMonth != 0 && h.IdentifiedMonth <= month && !EliminatedAt(h.Row, month) {
			monitored[h.ID] = true
		}
	}
	// the steps add entries (r.add) and read r alone: each runs on a
	// connection of its own
	out := &Sectors{} // written by no step: every figure but the Whole ones has its entries
	steps := []func(*Sectors) error{
		r.education, r.dropouts, func(o *Sectors) error { return r.medical(o, monitored) },
		func(*Sectors) error { return r.housing(monitored) }, r.employment, r.returned,
	}
	errs := make(chan error, len(steps))
	for _, step := range steps {
		go func() { errs <- step(out) }()
	}
	var first error
	for range steps {
		if err := <-errs; err != nil && first == nil {
			first = fmt.Errorf("stats: sectors: %w", err)
		}
	}
	<-r.placed
	if first == nil && r.placedErr != nil {
		first = fmt.Errorf("stats: sectors: %w", r.placedErr)
	}
	if first != nil {
		return nil, first
	}
	return r.entries, nil
}

// placesAt reads the village and type on day of the households with a
// change recorded after it (household_deltas), and which of them lay in the
// scope then but not now.
func (r *sectorRun) placesAt(day string) error {
	var ids []int64
	if err := eachID(r.ctx, r.q, "SELECT DISTINCT household_id FROM household_deltas WHERE day > ?", []any{day},
		func(id int64) { ids = append(ids, id) }); err != nil {
		return err
	}
	r.places = map[int64]*HouseholdAt{}
	err := eachIDs(ids, func(in string, args []any) error {
		if err := store.Each(r.ctx, r.q, "stats: households", addHousehold(r.places), "SELECT id, region_code, type, members, "+stateCols+
			" FROM households WHERE id IN "+in, args...); err != nil {
			return err
		}
		now := map[int64]string{}
		for _, a := range args {
			if h := r.places[a.(int64)]; h != nil {
				now[h.ID] = h.Region
			}
		}
		if err := undoAfter(r.ctx, r.q, in, args, day, r.places); err != nil {
			return err
		}
		for id, region := range now {
			if !r.s.Contains(region) && r.s.Contains(r.places[id].Region) {
				r.movedIn = append(r.movedIn, id)
			}
		}
		return nil
	})
	return err
}

// memberAt is the condition that person p was a member of household h on
// as_of: a current member, or one who left after as_of; and not one added
// to a stored household by an import after as_of (a person created with
// the household counts from always).
const memberAt = "(p.active = 1 OR p.left_at >= ?) AND (p.created_at < ? OR p.created_at = h.created_at)"

// each calls fn for the rows of "SELECT h.id, h.region_code, h.type, cols
// FROM from JOIN persons p … JOIN households h … WHERE cond" whose person
// was a member on as_of of a household in the scope's villages on as_of,
// with the household and its type on as_of; dest receives cols. from
// names the feed table (or a query of it) as f, with its person column
// f.person_id, and takes fromArgs; cond takes args.
func (r *sectorRun) each(cols, from string, fromArgs []any, cond string, args []any, dest []any, fn func(hh int64, village, typ string)) error {
	// the feed rows drive (CROSS JOIN keeps SQLite's order): started from the
	// households, SQLite would walk every person of the region
	base := "SELECT h.id, h.region_code, h.type, " + cols + " FROM " + from +
		" CROSS JOIN persons p CROSS JOIN households h WHERE p.id = f.person_id AND h.id = p.household_id AND " +
		memberAt + " AND " + cond + " AND "
	return r.inScope(base, append(append(append([]any{}, fromArgs...), r.end, r.end), args...), dest, fn)
}

// inScope calls fn for the rows of base (a query of h.id, h.region_code,
// h.type and dest, whose WHERE clause ends in "AND ") of the households in
// the scope's villages on as_of: those in them now, and those moved out
// since (movedIn).
func (r *sectorRun) inScope(base string, args []any, dest []any, fn func(hh int64, village, typ string)) error {
	where, sargs, err := r.s.Where("h.region_code")
	if err != nil {
		return err
	}
	if err := r.scan(base+where, append(append([]any{}, args...), sargs...), dest, fn); err != nil {
		return err
	}
	return eachIDs(r.movedIn, func(in string, ids []any) error {
		return r.scan(base+"h.id IN "+in, append(append([]any{}, args...), ids...), dest, fn)
	})
}

// scan runs query, whose rows are h.id, h.region_code, h.type and dest, and
// calls fn for those whose household lay in the scope on as_of, with its
// village and type then.
func (r *sectorRun) scan(query string, args []any, dest []any, fn func(hh int64, village, typ string)) error {
	var hh int64
	var region, typ sql.RawBytes
	scan, ns := append([]any{&hh, &region, &typ}, dest...), names{}
	return store.Each(r.ctx, r.q, "stats: sector", func(rows store.Scanner) error {
		if err := rows.Scan(scan...); err != nil {
			return err
		}
		if village, typ, ok := r.placeOf(hh, ns.of(region), ns.of(typ)); ok {
			fn(hh, village, typ)
		}
		return nil
	}, query, args...)
}

// names holds one string for each village code or household type a query
// reads: its rows name few, and a string for each row would be garbage.
type names map[string]string

// of is the string of b.
func (n names) of(b []byte) string {
	if s, ok := n[string(b)]; ok {
		return s
	}
	s := string(b)
	n[s] = s
	return s
}

// education: aid over the period's rows, and the person-times with aid.
func (r *sectorRun) education(*Sectors) error {
	var aid, times int64
	return r.feedRows(true, `CAST(sum(aid_fen) AS BIGINT), CAST(sum(CASE WHEN aid_fen > 0 THEN 1 ELSE 0 END) AS BIGINT)`,
		"feed_education", "f.day >= ? AND f.day <= ?", []any{r.jan, r.day}, anyRows, nil,
		[]any{&aid, &times}, func(pid, hh int64, village, typ string) {
			r.add("education.aid_amount", hh, pid, village, aid)
			r.add("education.aid_person_times", hh, pid, village, times)
			if typ == registry.TypeFormerlyPoor {
				r.add("education.aid_formerly_poor_person_times", hh, pid, village, times)
			}
		})
}

// dropouts: persons of 6 to 15 completed years on as_of whose latest
// education row on or before as_of (by date, then the row stored last)
// says 辍学.
func (r *sectorRun) dropouts(*Sectors) error {
	y := r.day / 10000
	type latest struct {
		day, id, hh int64
		village     string
		out         bool
	}
	byPerson := map[int64]latest{}
	var pid, day, id int64
	var birth, status string
	// birth years that can give 6 to 15 completed years; ages are checked exactly below
	err := r.each("p.id, p.birth_date, f.day, f.id, f.status", "feed_education f", nil,
		"f.day <= ? AND p.birth_date >= ? AND p.birth_date <= ?",
		[]any{r.day, fmt.Sprintf("%04d-01-01", y-16), fmt.Sprintf("%04d-12-31", y-6)},
		[]any{&pid, &birth, &day, &id, &status}, func(hh int64, village, _ string) {
			if age := ageAt(birth, r.day); age < 6 || age > 15 {
				return
			}
			if l, ok := byPerson[pid]; !ok || day > l.day || (day == l.day && id > l.id) {
				byPerson[pid] = latest{day, id, hh, village, status == "辍学"}
			}
		})
	if err != nil {
		return err
	}
	followed, err := r.followed()
	if err != nil {
		return err
	}
	for pid, l := range byPerson {
		if l.out {
			r.add("education.dropouts_compulsory", l.hh, pid, l.village, 1)
			if followed[pid] {
				r.add("education.dropouts_followed", l.hh, pid, l.village, 1)
			}
		}
	}
	return nil
}

// ageAt is the completed years on day (YYYYMMDD) of a person born on birth
// (YYYY-MM-DD): -1 when birth cannot be read.
func ageAt(birth string, day int) int {
	t, err := time.Parse("2006-01-02", birth)
	if err != nil {
		return -1
	}
	b := t.Year()*10000 + int(t.Month())*100 + t.Day()
	age := day/10000 - b/10000
	if day%10000 < b%10000 {
		age--
	}
	return age
}

// safetyNetAt is the condition that a feed_civil row is 低保 or 特困
// support covering as_of (twice as_of, YYYYMMDD).
const safetyNetAt = "aid_type IN ('低保', '特困') AND start_day <= ? AND (end_day IS NULL OR end_day >= ?)"

// medical: the low-income persons with a claim in the period and the sums
// over their claims.
func (r *sectorRun) medical(o *Sectors, monitored map[int64]bool) error {
	safetyNet := map[int64]bool{}
	err := eachID(r.ctx, r.q, `SELECT DISTINCT person_id FROM feed_civil WHERE person_id IS NOT NULL AND `+safetyNetAt,
		[]any{r.day, r.day}, func(id int64) { safetyNet[id] = true })
	if err != nil {
		return err
	}
	if err := r.cover(monitored, safetyNet); err != nil {
		return err
	}
	var basic, serious, assist int64
	return r.feedRows(true, "CAST(sum(basic_fen) AS BIGINT), CAST(sum(serious_fen) AS BIGINT), CAST(sum(assist_fen) AS BIGINT)",
		"feed_medical", "f.settled >= ? AND f.settled <= ?", []any{r.jan, r.day}, lowIncomeRows, monitored,
		[]any{&basic, &serious, &assist}, func(pid, hh int64, village, typ string) {
			if typ != registry.TypeFormerlyPoor && !monitored[hh] && !safetyNet[pid] {
				return
			}
			r.add("medical.low_income_persons_reimbursed", hh, pid, village, 1)
			r.add("medical.basic", hh, pid, village, basic)
			r.add("medical.serious_illness", hh, pid, village, serious)
			r.add("medical.assistance", hh, pid, village, assist)
		})
}

// housing: households rated in the period, by priority group, and those
// whose latest rating on or before as_of is C or D with no retrofit
// completed after it (a done retrofit measure or a completed retrofit
// record, retrofitRecords); the retrofit records completed in the period.
func (r *sectorRun) housing(monitored map[int64]bool) error {
	type rating struct {
		day, id, pid   int64
		village, grade string
	}
	latest := map[int64]rating{}
	checked := map[int64]string{} // household → its type on as_of
	var day, id int64
	var grade string
	err := r.feedRows(false, "f.assessed, f.id, f.grade", "feed_housing", "f.assessed <= ?", []any{r.day}, anyRows, nil,
		[]any{&day, &id, &grade}, func(pid, hh int64, village, typ string) {
			if day >= int64(r.jan) {
				checked[hh] = typ
			}
			if l, ok := latest[hh]; !ok || day > l.day || (day == l.day && id > l.id) {
				latest[hh] = rating{day, id, pid, village, grade}
			}
		})
	if err != nil {
		return err
	}
	for hh := range checked { // rated in the period: so is its latest rating, which names the head listed
		l := latest[hh]
		r.add("housing.households_checked", hh, l.pid, l.village, 1)
	}
	group, err := r.priorityGroups(checked, monitored)
	if err != nil {
		return err
	}
	for hh, key := range group {
		l := latest[hh]
		r.add(key, hh, l.pid, l.village, 1)
	}
	retrofits, err := r.retrofits()
	if err != nil {
		return err
	}
	if err := r.retrofitRecords(retrofits); err != nil {
		return err
	}
	for hh, l := range latest {
		if (l.grade == "C" || l.grade == "D") && retrofits[hh] <= l.day {
			r.add("housing.unsafe", hh, l.pid, l.village, 1)
		}
	}
	return nil
}

// RetrofitSubtypes are the 住房安全 measures that count as a retrofit.
var RetrofitSubtypes = []string{"危房改造", "农房抗震改造"}

// retrofits returns, per household of the scope on as_of, the day
// (YYYYMMDD) of its latest retrofit completed on or before as_of: a 住房安全
// measure of a retrofit sub-type, done now, with the day of its latest
// update to done. The household places the measure, not the village the
// measure was recorded in: a household that moved keeps its retrofit.
func (r *sectorRun) retrofits() (map[int64]int64, error) {
	out := map[int64]int64{}
	var on string
	base := `SELECT h.id, h.region_code, h.type, u.on_date FROM measures m
		JOIN measure_updates u ON u.measure_id = m.id CROSS JOIN households h
		WHERE h.id = m.household_id AND m.type = ? AND m.subtype IN (?, ?) AND m.status = ? AND u.status_after = ?
		AND u.on_date <= ? AND `
	err := r.inScope(base, []any{monitoring.TypeHousing, RetrofitSubtypes[0], RetrofitSubtypes[1],
		string(monitoring.StatusDone), string(monitoring.StatusDone), isoDay(r.day)}, []any{&on},
		func(hh int64, _, _ string) {
			var d int64
			fmt.Sscan(strings.ReplaceAll(on, "-", ""), &d)
			out[hh] = max(out[hh], d)
		})
	return out, err
}

// isoDay writes a YYYYMMDD day as YYYY-MM-DD.
func isoDay(d int) string { return fmt.Sprintf("%04d-%02d-%02d", d/10000, d/100%100, d%100) }

// employment: distinct persons of 脱贫户 with a 务工 row in the period.
func (r *sectorRun) employment(*Sectors) error {
	return r.feedRows(true, "", "feed_employment", "f.status = '务工' AND f.day >= ? AND f.day <= ?", []any{r.jan, r.day},
		formerlyPoorRows, nil, nil, func(pid, hh int64, village, typ string) {
			if typ == registry.TypeFormerlyPoor {
				r.add("employment.formerly_poor_transferred", hh, pid, village, 1)
			}
		})
}
