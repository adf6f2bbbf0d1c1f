package report

import (
	"context"
	"database/sql"
	"strings"

	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/incomeline"
	"fangpin/internal/monitoring"
	"fangpin/internal/regcode"
	"fangpin/internal/region"
	"fangpin/internal/screening"
	"fangpin/internal/stats"
	"fangpin/internal/store"
)

// endOf is the stamp of the first moment after day (Beijing).
func endOf(day civil.Date) string { return store.Stamp(day.AddDays(1).Time()) }

// The case states at or past acceptance and at or past home verification.
var (
	acceptedStates = "'accepted', 'verified', 'reviewed', 'notice', 'notice_ended', 'township_reviewed', 'county_approved', 'enrolled'"
	verifiedStates = "'verified', 'reviewed', 'notice', 'notice_ended', 'township_reviewed', 'county_approved', 'enrolled'"
)

// funnel counts the self-report cases opened by the end of day by the step
// they had reached then (by their recorded steps) and, when decided by
// then, by whether the decision kept the whole process's deadline.
func funnel(ctx context.Context, q store.Querier, s store.Scope, day civil.Date) (Funnel, error) {
	where, args, err := s.Where("c.region_code")
	if err != nil {
		return Funnel{}, err
	}
	end := endOf(day)
	var f Funnel
	err = store.Each(ctx, q, "report: self-reports", func(rows store.Scanner) error {
		var outcome, decidedAt, totalDue string
		var accepted, verified bool
		if err := rows.Scan(&outcome, &decidedAt, &totalDue, &accepted, &verified); err != nil {
			return err
		}
		f.Reported++
		decided := outcome != "" && decidedAt < end
		if accepted || decided && verified {
			f.Accepted++
		}
		if verified {
			f.Verified++
		}
		if !decided {
			return nil
		}
		f.Decided++
		if outcome == string(casework.OutcomeEnrolled) {
			f.Enrolled++
		} else {
			f.NotQualifying++
		}
		if totalDue == "" || decidedAt < endOfText(totalDue) {
			f.OnTime++
		} else {
			f.Late++
		}
		return nil
	}, `SELECT c.outcome, c.decided_at, c.total_due,
		EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.at < ? AND e.to_state IN (`+acceptedStates+`)),
		EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.at < ? AND e.to_state IN (`+verifiedStates+`))
		FROM cases c WHERE c.source = ? AND c.opened_at < ? AND `+where,
		append([]any{end, end, string(casework.SourceSelfReport), end}, args...)...)
	return f, err
}

// endOfText is endOf a YYYY-MM-DD day; a day that does not parse gives ""
// (no moment is before it).
func endOfText(day string) string {
	d, err := civil.ParseISO(day)
	if err != nil {
		return ""
	}
	return endOf(d)
}

// openWarnings counts the warnings open at the end of day by rule, in the
// order of docs/warnings.md: created by then and not decided by then.
func openWarnings(ctx context.Context, q store.Querier, s store.Scope, day civil.Date) ([]NamedCount, error) {
	where, args, err := s.Where("region_code")
	if err != nil {
		return nil, err
	}
	end := endOf(day)
	n := map[string]int{}
	err = store.Each(ctx, q, "report: open warnings", func(rows store.Scanner) error {
		var rule string
		var c int
		if err := rows.Scan(&rule, &c); err != nil {
			return err
		}
		n[rule] = c
		return nil
	}, `SELECT rule, count(*) FROM warnings WHERE created_at < ?
		AND (status = 'open' OR decided_at >= ?) AND `+where+" GROUP BY rule", append([]any{end, end}, args...)...)
	if err != nil {
		return nil, err
	}
	out := make([]NamedCount, 0, len(screening.AllRules))
	for _, r := range screening.AllRules {
		out = append(out, NamedCount{Name: string(r), Households: n[string(r)]})
		delete(n, string(r))
	}
	for _, r := range sortedKeys(n) {
		out = append(out, NamedCount{Name: r, Households: n[r]})
	}
	return out, nil
}

// The income bands, by the household's latest 人均纯收入 of a year up to
// as_of's year against the monitoring line L of that year for its village.
const (
	BandNone      = "none"        // no income recorded
	BandAtOrBelow = "at_or_below" // income ≤ L
	BandAbove10   = "above_0_10"  // L < income ≤ 110% L
	BandAbove20   = "above_10_20" // 110% L < income ≤ 120% L
	BandAbove50   = "above_20_50" // 120% L < income ≤ 150% L
	BandHigh      = "above_50"    // income > 150% L
)

// Bands lists the income bands in order.
var Bands = []string{BandAtOrBelow, BandAbove10, BandAbove20, BandAbove50, BandHigh, BandNone}

// band is the band of an income (fen) against a line (fen).
func band(income, line int64) string {
	switch {
	case income <= line:
		return BandAtOrBelow
	case 10*income <= 11*line:
		return BandAbove10
	case 10*income <= 12*line:
		return BandAbove20
	case 10*income <= 15*line:
		return BandAbove50
	}
	return BandHigh
}

// incomeBands sorts the monitored households into the income bands.
func incomeBands(ctx context.Context, q store.Querier, s store.Scope, day civil.Date, hs []stats.HouseholdAt,
	in *incomes) ([]Band, error) {
	lines, err := incomeline.Load(ctx, q, s, day.Year())
	if err != nil {
		return nil, err
	}
	latest, err := in.of(ctx, q, day.Year(), hs)
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	out := make([]Band, len(Bands))
	for i, b := range Bands {
		out[i].Key, idx[b] = b, i
	}
	for _, h := range hs {
		b := BandNone
		if in, ok := latest[h.ID]; ok {
			b = band(in.fen, lines.Fen(h.Region, in.year))
		}
		out[idx[b]].Households++
		out[idx[b]].Persons += h.Members
	}
	return out, nil
}

// income is a household's 人均纯收入 (fen) of a year.
type income struct {
	year int
	fen  int64
}

// incomes holds the latest income of a year up to a year of households:
// for today, readIncomes reads those of the households monitored now in a
// scope with one join through the index of identified households, while the
// overview is computed; of reads the others asked for by their ids (all of
// them for a past day, whose households are known only with the overview).
type incomes struct {
	latest map[int64]income
	seen   map[int64]bool // read, with an income or none
}

func (in *incomes) scan(ctx context.Context, q store.Querier, query string, args []any) error {
	return store.Each(ctx, q, "report: incomes", func(rows store.Scanner) error {
		var id int64
		var y, fen sql.NullInt64
		if err := rows.Scan(&id, &y, &fen); err != nil {
			return err
		}
		in.seen[id] = true
		if i := (income{int(y.Int64), fen.Int64}); y.Valid && i.year > in.latest[id].year {
			in.latest[id] = i
		}
		return nil
	}, query, args...)
}

func newIncomes() *incomes { return &incomes{latest: map[int64]income{}, seen: map[int64]bool{}} }

// readIncomes reads the incomes of the households of s monitored now
// (identified, not eliminated): those of today's dashboard.
func readIncomes(ctx context.Context, q store.Querier, s store.Scope, year int) (*incomes, error) {
	in := newIncomes()
	where, args, err := s.Where("h.region_code")
	if err != nil {
		return nil, err
	}
	return in, in.scan(ctx, q, `SELECT h.id, i.year, i.per_capita_fen FROM households h
		LEFT JOIN household_incomes i ON i.household_id = h.id AND i.year <= ?
		WHERE h.identified_month IS NOT NULL AND h.eliminated = 0 AND `+where, append([]any{year}, args...))
}

// of returns the latest incomes of the households hs.
func (in *incomes) of(ctx context.Context, q store.Querier, year int, hs []stats.HouseholdAt) (map[int64]income, error) {
	var rest []stats.HouseholdAt
	for _, h := range hs {
		if !in.seen[h.ID] {
			rest = append(rest, h)
		}
	}
	err := eachChunk(rest, func(list string, ids []any) error {
		return in.scan(ctx, q, `SELECT household_id, year, per_capita_fen FROM household_incomes
			WHERE year <= ? AND household_id IN `+list, append([]any{year}, ids...))
	})
	return in.latest, err
}

// measures counts the measures of the monitored households that count at
// day (not cancelled, started on or before it) by type, in the national
// order, with whether each fits a risk type of its household then.
func measures(ctx context.Context, q store.Querier, day civil.Date, hs []stats.HouseholdAt) ([]MeasureRow, error) {
	rules, err := monitoring.FitRules(ctx, q)
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	var out []MeasureRow
	for _, t := range monitoring.Catalogue() {
		idx[t.Name] = len(out)
		out = append(out, MeasureRow{Type: t.Name})
	}
	risks := make(map[int64][]string, len(hs))
	for _, h := range hs {
		risks[h.ID] = h.RiskTypes
	}
	err = eachChunk(hs, func(in string, args []any) error {
		return store.Each(ctx, q, "report: measures", func(rows store.Scanner) error {
			var id int64
			var typ, sub string
			if err := rows.Scan(&id, &typ, &sub); err != nil {
				return err
			}
			i, ok := idx[typ]
			if !ok {
				idx[typ], i = len(out), len(out)
				out = append(out, MeasureRow{Type: typ})
			}
			out[i].Total++
			if monitoring.MeasureFits(rules, risks[id], typ, sub) {
				out[i].Fit++
			} else {
				out[i].NotFit++
			}
			return nil
		}, `SELECT household_id, type, subtype FROM measures
			WHERE status <> ? AND start_on <= ? AND household_id IN `+in,
			append([]any{string(monitoring.StatusCancelled), day.String()}, args...)...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachChunk calls fn with an IN list of the households' ids and its
// arguments, 500 at a time.
func eachChunk(hs []stats.HouseholdAt, fn func(in string, args []any) error) error {
	for start := 0; start < len(hs); start += 500 {
		chunk := hs[start:min(start+500, len(hs))]
		args := make([]any, len(chunk))
		for i, h := range chunk {
			args[i] = h.ID
		}
		if err := fn("("+strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")+")", args); err != nil {
			return err
		}
	}
	return nil
}

// children computes the main figures of each child region of code as it
// stood on day (its name then, none merged away by then), from the
// registry figures of the villages, the identified households hs of the
// whole region and the self-report cases.
func children(ctx context.Context, q store.Querier, s store.Scope, code string, day civil.Date,
	hs []stats.HouseholdAt, sectors *stats.SectorDetail) ([]Child, error) {
	kids, err := region.ChildrenAt(ctx, q, code, day.String())
	if err != nil || len(kids) == 0 || len(kids) > MaxChildren {
		return nil, err
	}
	at := day.Time()
	villages, err := stats.RegistryByVillage(ctx, q, s, at)
	if err != nil {
		return nil, err
	}
	reports, err := selfReportsByVillage(ctx, q, s, day)
	if err != nil {
		return nil, err
	}
	out := make([]Child, len(kids))
	prefixes := make([]string, len(kids))
	rows := make([][]stats.Row, len(kids))
	for i, k := range kids {
		out[i].Code, out[i].Name = k.Code, k.Name
		if prefixes[i], err = regcode.Prefix(k.Code); err != nil {
			return nil, err
		}
		if sectors != nil {
			out[i].Sectors = sectors.Within(prefixes[i])
			ks, err := s.Narrow(k.Code)
			if err != nil {
				return nil, err
			}
			if err := stats.WholeSectors(ctx, q, ks, day, &out[i].Sectors); err != nil {
				return nil, err
			}
		}
	}
	of := func(village string) int {
		for i, p := range prefixes {
			if strings.HasPrefix(village, p) {
				return i
			}
		}
		return -1
	}
	for v, r := range villages {
		if i := of(v); i >= 0 {
			k := &out[i]
			k.Households += r.Households
			k.Persons += r.Persons
			k.FormerlyPoor += r.FormerlyPoor
			k.FormerlyPoorPersons += r.FormerlyPoorPersons
			k.Illness.Chronic += r.Chronic
			k.Illness.Major += r.Major
			k.Illness.Households += r.IllHouseholds
		}
	}
	for v, n := range reports {
		if i := of(v); i >= 0 {
			out[i].SelfReports += n
		}
	}
	byKid := make([][]stats.HouseholdAt, len(kids))
	for _, h := range hs {
		if i := of(h.Region); i >= 0 {
			rows[i] = append(rows[i], h.Row)
			byKid[i] = append(byKid[i], h)
		}
	}
	for i := range out {
		k, m := &out[i], stats.Tally(rows[i], at)
		k.IdentifiedThisYear, k.Cumulative, k.Eliminated = m.IdentifiedThisYear, m.Cumulative, m.Eliminated
		k.Monitored = monitoredOf(m)
		k.ByCategory = byCategory(byKid[i], int(day.Month()))
		k.Illness.PersonsIll = k.Illness.Chronic + k.Illness.Major
		if k.FormerlyPoor > 0 {
			k.IllShare = float64(k.Illness.Households) / float64(k.FormerlyPoor)
			k.Illness.HouseholdShare = k.IllShare
		}
	}
	return out, nil
}

// selfReportsByVillage counts the self-report cases opened by the end of
// day by village.
func selfReportsByVillage(ctx context.Context, q store.Querier, s store.Scope, day civil.Date) (map[string]int, error) {
	where, args, err := s.Where("region_code")
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	err = store.Each(ctx, q, "report: self-reports", func(rows store.Scanner) error {
		var v string
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return err
		}
		out[v] += n
		return nil
	}, `SELECT region_code, count(*) FROM cases WHERE source = ? AND opened_at < ? AND `+
		where+" GROUP BY region_code", append([]any{string(casework.SourceSelfReport), endOf(day)}, args...)...)
	return out, err
}
