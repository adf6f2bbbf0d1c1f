package labour

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/registry"
	"fangpin/internal/stats"
	"fangpin/internal/store"
)

// Line is one person of a payment list.
type Line struct {
	PersonID, HouseholdID int64
	Region                string
	HouseholdCode         string
	Name, IDMasked        string
	IDEnc                 []byte
	Destination, Province string
	Months                int
	AmountFen             int64
}

// Due returns the persons of scope with a transfer of year who are
// eligible on day (Eligible, with the rates and the months setting of
// that day) and not yet paid for the year, with their amounts, in region
// and person order. A transfer with no rate on day is left out.
func Due(ctx context.Context, q store.Querier, scope store.Scope, year int, day civil.Date) ([]Line, error) {
	where, args, err := scope.Where("t.region_code")
	if err != nil {
		return nil, err
	}
	rates, err := Rates(ctx, q)
	if err != nil {
		return nil, err
	}
	minMonths, err := MinMonths(ctx, q)
	if err != nil {
		return nil, err
	}
	monitored, err := monitoredOn(ctx, q, scope, day)
	if err != nil {
		return nil, err
	}
	var out []Line
	err = store.Each(ctx, q, "labour: due", func(rows store.Scanner) error {
		var l Line
		var hhType, skill string
		var paid int
		if err := rows.Scan(&l.PersonID, &l.HouseholdID, &l.Region, &l.HouseholdCode, &hhType, &l.Name, &l.IDMasked,
			&l.IDEnc, &skill, &l.Destination, &l.Province, &l.Months, &paid); err != nil {
			return err
		}
		c := Candidate{FormerlyPoor: hhType == registry.TypeFormerlyPoor, Monitored: monitored[l.HouseholdID],
			LabourSkill: skill, Months: l.Months, PaidThisYear: paid > 0}
		if Eligible(c, minMonths) != nil {
			return nil
		}
		fen, ok := Amount(rates, l.Destination, l.Province, day)
		if !ok {
			return nil
		}
		l.AmountFen = fen
		out = append(out, l)
		return nil
	}, `SELECT t.person_id, t.household_id, t.region_code, h.code, h.type, p.name, p.id_masked,
		p.id_enc, p.labour_skill, t.destination, t.province, t.months,
		(SELECT count(*) FROM labour_subsidy_payments s WHERE s.person_id = t.person_id AND s.year = t.year)
		FROM labour_transfers t JOIN persons p ON p.id = t.person_id JOIN households h ON h.id = t.household_id
		WHERE t.year = ? AND p.active = 1 AND `+where+` ORDER BY t.region_code, t.person_id`,
		append([]any{year}, args...)...)
	return out, err
}

// monitoredOn is the set of households of scope monitored on day
// (docs/figures.md, "Monitored at a date").
func monitoredOn(ctx context.Context, q store.Querier, scope store.Scope, day civil.Date) (map[int64]bool, error) {
	hs, err := stats.MonitoredAt(ctx, q, scope, day.Time())
	if err != nil {
		return nil, err
	}
	month := int(day.Month())
	out := make(map[int64]bool, len(hs))
	for _, h := range hs {
		if !stats.EliminatedAt(h.Row, month) {
			out[h.ID] = true
		}
	}
	return out, nil
}

// Batch is a payment list made.
type Batch struct {
	ID        int64
	Region    string
	Year      int
	Day       civil.Date
	Lines     []Line
	AmountFen int64
}

// CreateBatch makes the payment list of region (inside scope) for year on
// day: every person Due then, each recorded as paid for the year, with
// the batch's audit entry, all in one transaction. A list with nobody due
// is refused.
func CreateBatch(ctx context.Context, db *store.DB, scope store.Scope, region string, year int, day civil.Date, by string) (Batch, error) {
	if region == "" {
		return Batch{}, fault.Invalidf("region", "请选择地区", "give the region")
	}
	s, err := scope.Narrow(region)
	if err != nil {
		return Batch{}, err
	}
	if year < 2000 || year > 2100 {
		return Batch{}, fault.Invalidf("year", "年份不正确", "the year is not valid")
	}
	b := Batch{Region: region, Year: year, Day: day}
	err = db.Transact(ctx, func(tx *store.Tx) error {
		lines, err := Due(ctx, tx, s, year, day)
		if err != nil {
			return err
		}
		if len(lines) == 0 {
			return fault.Conflictf("没有符合条件且未发放补助的人员", "nobody is eligible and unpaid")
		}
		for _, l := range lines {
			b.AmountFen += l.AmountFen
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO labour_subsidy_batches (region_code, year, day, persons, amount_fen,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			region, year, day.String(), len(lines), b.AmountFen, by, store.Now()).Scan(&b.ID); err != nil {
			return fmt.Errorf("labour: batch: %w", err)
		}
		for _, l := range lines {
			// The line's region is its transfer's, which may predate a move of
			// the household: the county is read from the household itself.
			if _, err := tx.ExecContext(ctx, `INSERT INTO labour_subsidy_payments (batch_id, person_id, household_id, region_code,
				county, year, destination, province, months, amount_fen)
				VALUES (?, ?, ?, ?, (SELECT county FROM households WHERE id = ?), ?, ?, ?, ?, ?)`,
				b.ID, l.PersonID, l.HouseholdID, l.Region, l.HouseholdID, year, l.Destination, l.Province, l.Months, l.AmountFen); store.IsUniqueViolation(err) {
				// another batch paid the person meanwhile (PostgreSQL, concurrent batches)
				return fault.Conflictf("%s 本年度已在另一批次中发放，请重新生成", "%s was paid in another batch meanwhile; make the list again", l.Name).Wrap(err)
			} else if err != nil {
				return fmt.Errorf("labour: payment: %w", err)
			}
		}
		b.Lines = lines
		return audit.Record(ctx, tx, audit.Event{Action: "labour.batch", Entity: "labour_subsidy_batch",
			EntityID: strconv.FormatInt(b.ID, 10), Region: region,
			Detail: map[string]any{"year": year, "day": day.String(), "persons": len(lines), "amount_fen": b.AmountFen}})
	})
	return b, err
}

// LoadBatch reads a batch made before, with its lines, for writing its
// workbook again. A batch outside scope is not found.
func LoadBatch(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Batch, error) {
	b := Batch{ID: id}
	var day string
	err := q.QueryRowContext(ctx, `SELECT region_code, year, day, amount_fen FROM labour_subsidy_batches WHERE id = ?`, id).
		Scan(&b.Region, &b.Year, &day, &b.AmountFen)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !scope.Contains(b.Region)) {
		return Batch{}, fault.NotFoundf("没有批次 %d", "no batch %d", id)
	}
	if err != nil {
		return Batch{}, fmt.Errorf("labour: batch %d: %w", id, err)
	}
	if b.Day, err = civil.ParseISO(day); err != nil {
		return Batch{}, fmt.Errorf("labour: batch %d day %q: %w", id, day, err)
	}
	err = store.Each(ctx, q, fmt.Sprintf("labour: batch %d", id), func(rows store.Scanner) error {
		var l Line
		if err := rows.Scan(&l.PersonID, &l.HouseholdID, &l.Region, &l.HouseholdCode, &l.Name, &l.IDMasked, &l.IDEnc,
			&l.Destination, &l.Province, &l.Months, &l.AmountFen); err != nil {
			return err
		}
		b.Lines = append(b.Lines, l)
		return nil
	}, `SELECT s.person_id, s.household_id, s.region_code, h.code, p.name, p.id_masked, p.id_enc,
		s.destination, s.province, s.months, s.amount_fen
		FROM labour_subsidy_payments s JOIN persons p ON p.id = s.person_id JOIN households h ON h.id = s.household_id
		WHERE s.batch_id = ? ORDER BY s.region_code, s.person_id`, id)
	return b, err
}

// BatchInfo is a batch as listed: without its lines.
type BatchInfo struct {
	ID        int64
	Region    string
	Year      int
	Day       string
	Persons   int
	AmountFen int64
	CreatedBy string
}

// Batches lists the batches of year whose region lies in scope, newest
// first.
func Batches(ctx context.Context, q store.Querier, scope store.Scope, year int) ([]BatchInfo, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, "labour: batches", func(rows store.Scanner) (BatchInfo, error) {
		var b BatchInfo
		err := rows.Scan(&b.ID, &b.Region, &b.Year, &b.Day, &b.Persons, &b.AmountFen, &b.CreatedBy)
		return b, err
	}, `SELECT id, region_code, year, day, persons, amount_fen, created_by FROM labour_subsidy_batches
		WHERE year = ? AND `+where+` ORDER BY id DESC`, append([]any{year}, args...)...)
}
