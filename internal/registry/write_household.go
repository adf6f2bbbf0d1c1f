package registry

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fangpin/internal/region"
	"fangpin/internal/store"
)

// storedHH is the stored state of a household that an import compares with.
type storedHH struct {
	id                                int64
	region, typ, category, mode, risk string
	phoneIdx                          sql.NullString
	identified, elim, remarked        sql.NullInt64
	eliminated                        bool
	members, chronic, major           int
	incomes                           map[int]int64 // stored per-capita income (fen) by year
}

const hhInsertCols = "code, region_code, county, type, phone_enc, phone_idx, phone_masked, category, identified_month, " +
	"eliminated, elimination_mode, eliminated_month, remarked_month, risk_types, members, members_chronic, " +
	"members_major, created_at, updated_at"

func (w *writer) households(ctx context.Context) error {
	if len(w.newHH) == 0 {
		return nil
	}
	existing, err := w.loadHouseholds(ctx)
	if err != nil {
		return err
	}
	var inserts []*pendingHH
	for _, h := range w.newHH {
		e, ok := existing[h.f.Code]
		if !ok {
			inserts = append(inserts, h)
			continue
		}
		if err := w.updateHousehold(ctx, e, h); err != nil {
			return err
		}
	}
	step := w.insertStep(len(inserts))
	for start := 0; start < len(inserts); start += step {
		if err := w.insertHouseholds(ctx, inserts[start:min(start+step, len(inserts))]); err != nil {
			return err
		}
	}
	if err := w.incomes(ctx); err != nil {
		return err
	}
	w.newHH = w.newHH[:0]
	return nil
}

func (w *writer) loadHouseholds(ctx context.Context) (map[string]*storedHH, error) {
	out := make(map[string]*storedHH, len(w.newHH))
	if w.fresh {
		return out, nil
	}
	for start := 0; start < len(w.newHH); start += 500 {
		chunk := w.newHH[start:min(start+500, len(w.newHH))]
		codes := make([]any, len(chunk))
		for i, h := range chunk {
			codes[i] = h.f.Code
		}
		rows, err := w.tx.QueryContext(ctx, `SELECT id, code, region_code, type, phone_idx, category, identified_month,
			eliminated, elimination_mode, eliminated_month, remarked_month, risk_types, members, members_chronic, members_major
			FROM households WHERE code IN (`+qs(len(codes))+")", codes...)
		if err != nil {
			return nil, fmt.Errorf("registry: load households: %w", err)
		}
		for rows.Next() {
			var e storedHH
			var code string
			var elim int
			if err := rows.Scan(&e.id, &code, &e.region, &e.typ, &e.phoneIdx, &e.category, &e.identified, &elim,
				&e.mode, &e.elim, &e.remarked, &e.risk, &e.members, &e.chronic, &e.major); err != nil {
				rows.Close()
				return nil, err
			}
			e.eliminated = elim == 1
			out[code] = &e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if err := w.loadIncomes(ctx, codes, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadIncomes adds the stored incomes of the households of codes, so that
// a changed income counts the household as updated, not unchanged.
func (w *writer) loadIncomes(ctx context.Context, codes []any, out map[string]*storedHH) error {
	return store.Each(ctx, w.tx, "registry: load incomes", func(rows store.Scanner) error {
		var code string
		var year int
		var fen int64
		if err := rows.Scan(&code, &year, &fen); err != nil {
			return err
		}
		if e := out[code]; e != nil {
			if e.incomes == nil {
				e.incomes = map[int]int64{}
			}
			e.incomes[year] = fen
		}
		return nil
	}, `SELECT h.code, i.year, i.per_capita_fen FROM household_incomes i
		JOIN households h ON h.id = i.household_id WHERE h.code IN (`+qs(len(codes))+")", codes...)
}

// merge carries the stored history into the file's fields: a household that
// was eliminated and is listed as monitored again has been re-marked; one
// re-marked and listed as eliminated since keeps its re-marking, as an
// elimination through a case does (the template has no column for it).
func (w *writer) merge(e *storedHH, f hhFields) hhFields {
	if f.Eliminated && f.RemarkedMonth == 0 && e.remarked.Valid && f.EliminatedMonth >= int(e.remarked.Int64) {
		f.RemarkedMonth = int(e.remarked.Int64)
	}
	if !f.Eliminated && f.Category != "" {
		if e.eliminated && f.RemarkedMonth == 0 {
			f.RemarkedMonth = MonthOf(w.opt.Now)
		} else if f.RemarkedMonth == 0 && e.remarked.Valid {
			f.RemarkedMonth = int(e.remarked.Int64)
		}
		if f.EliminatedMonth == 0 && e.elim.Valid && f.RemarkedMonth != 0 {
			f.EliminatedMonth, f.EliminationMode = int(e.elim.Int64), e.mode
		}
	}
	return f
}

func (w *writer) updateHousehold(ctx context.Context, e *storedHH, h *pendingHH) error {
	if !w.im.scope.Contains(e.region) {
		return fmt.Errorf("户编号%s已登记在您管辖范围以外的地区，不能在此导入", h.f.Code)
	}
	w.hhIDs[h.f.Code] = e.id
	w.before(e.id, Share{Region: e.region, Type: e.typ, Members: e.members, Chronic: e.chronic, Major: e.major})
	w.touch(e.region)
	w.touch(h.f.RegionCode)
	f := w.merge(e, h.f)
	phoneIdx := ""
	if f.Phone != "" {
		phoneIdx = w.im.keys.Index(f.Phone)
	}
	risks := strings.Join(f.Risks, ",")
	monChanged := e.category != f.Category || int(e.identified.Int64) != f.IdentifiedMonth ||
		e.eliminated != f.Eliminated || e.mode != f.EliminationMode || int(e.elim.Int64) != f.EliminatedMonth ||
		int(e.remarked.Int64) != f.RemarkedMonth || e.risk != risks
	same := !monChanged && e.region == f.RegionCode && e.typ == f.Type && e.phoneIdx.String == phoneIdx &&
		e.members == int(h.rows) && e.chronic == int(h.chronic) && e.major == int(h.major)
	if same {
		if fen, ok := e.incomes[f.IncomeYear]; f.IncomeFen != nil && (!ok || fen != *f.IncomeFen) {
			w.res.HouseholdsUpdated++ // only the income: incomes() stores it
		} else {
			w.res.HouseholdsUnchanged++
		}
		return nil
	}
	w.res.HouseholdsUpdated++
	enc, idx, masked := w.phone(f.Phone)
	_, err := w.tx.ExecContext(ctx, `UPDATE households SET region_code = ?, county = ?, type = ?, phone_enc = ?, phone_idx = ?,
		phone_masked = ?, category = ?, identified_month = ?, eliminated = ?, elimination_mode = ?, eliminated_month = ?,
		remarked_month = ?, risk_types = ?, members = ?, members_chronic = ?, members_major = ?, updated_at = ? WHERE id = ?`,
		f.RegionCode, region.County(f.RegionCode), f.Type, enc, idx, masked, f.Category, nm(f.IdentifiedMonth), store.Bool01(f.Eliminated), f.EliminationMode,
		nm(f.EliminatedMonth), nm(f.RemarkedMonth), risks, h.rows, h.chronic, h.major, w.now, e.id)
	if err != nil {
		return fmt.Errorf("registry: update household %s: %w", f.Code, err)
	}
	if monChanged {
		return w.history(ctx, e.id, f)
	}
	return nil
}

func (w *writer) phone(p string) (enc []byte, idx any, masked string) {
	if p == "" {
		return nil, nil, ""
	}
	return w.im.keys.Seal(p), w.im.keys.Index(p), maskPhone(p)
}

func (w *writer) insertHouseholds(ctx context.Context, hs []*pendingHH) error {
	cols, n := hhInsertCols, 19
	if w.fresh {
		cols, n = "id, "+cols, 20
	}
	args := make([]any, 0, len(hs)*n)
	for _, h := range hs {
		f := h.f
		w.touch(f.RegionCode)
		var enc []byte
		var idx any
		masked := h.phoneMasked
		if h.phoneEnc != nil {
			enc, idx = h.phoneEnc, h.phoneIdx
		}
		if w.fresh {
			args = append(args, h.id)
		}
		args = append(args, f.Code, f.RegionCode, region.County(f.RegionCode), f.Type, enc, idx, masked, f.Category, nm(f.IdentifiedMonth),
			store.Bool01(f.Eliminated), f.EliminationMode, nm(f.EliminatedMonth), nm(f.RemarkedMonth), strings.Join(f.Risks, ","),
			h.rows, h.chronic, h.major, w.now, w.now)
	}
	if w.fresh {
		if err := w.insertNew(ctx, "households", cols, args); err != nil {
			return fmt.Errorf("registry: insert households: %w", err)
		}
	} else if err := w.insertReturningIDs(ctx, "INSERT INTO households ("+cols+") VALUES "+store.Placeholders(len(hs), n), args); err != nil {
		return err
	}
	w.res.HouseholdsInserted += len(hs)
	if w.fresh {
		return w.newHistory(ctx, hs)
	}
	for _, h := range hs {
		if h.f.Category != "" {
			if err := w.history(ctx, w.householdID(h.f.Code, h.id), h.f); err != nil {
				return err
			}
		}
	}
	return nil
}

const historyCols = "household_id, region_code, county, recorded_at, source, category, identified_month, eliminated, " +
	"elimination_mode, eliminated_month, remarked_month, risk_types"

// historyArgs are a history row's values, in historyCols' order.
func (w *writer) historyArgs(args []any, id int64, f hhFields) []any {
	return append(args, id, f.RegionCode, region.County(f.RegionCode), w.now, w.opt.Source, f.Category, nm(f.IdentifiedMonth), store.Bool01(f.Eliminated),
		f.EliminationMode, nm(f.EliminatedMonth), nm(f.RemarkedMonth), strings.Join(f.Risks, ","))
}

// newHistory records the monitoring state of the monitored households of
// a first load, many rows a statement (one COPY on PostgreSQL).
func (w *writer) newHistory(ctx context.Context, hs []*pendingHH) error {
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		err := w.insertNew(ctx, "monitoring_history", historyCols, args)
		args = args[:0]
		if err != nil {
			return fmt.Errorf("registry: record monitoring history: %w", err)
		}
		return nil
	}
	for _, h := range hs {
		if h.f.Category == "" {
			continue
		}
		if args = w.historyArgs(args, h.id, h.f); len(args) >= 200*11 && !w.tx.CanCopy() {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// exec runs a cached prepared statement.
func (w *writer) exec(ctx context.Context, q string, args []any) error {
	st, err := w.stmt(ctx, store.Rebind(w.tx.Dialect(), q))
	if err == nil {
		_, err = st.ExecContext(ctx, args...)
	}
	return err
}

func (w *writer) insertReturningIDs(ctx context.Context, q string, args []any) error {
	st, err := w.stmt(ctx, store.Rebind(w.tx.Dialect(), q+" RETURNING id, code"))
	if err != nil {
		return fmt.Errorf("registry: insert households: %w", err)
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("registry: insert households: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		w.hhIDs[code] = id
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("registry: insert households: %w", err)
	}
	return nil
}

// history records the monitoring state a household has from now on.
func (w *writer) history(ctx context.Context, id int64, f hhFields) error {
	_, err := w.tx.ExecContext(ctx, `INSERT INTO monitoring_history (`+historyCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, w.historyArgs(nil, id, f)...)
	if err != nil {
		return fmt.Errorf("registry: record monitoring history: %w", err)
	}
	return nil
}

const incomeCols = "household_id, year, region_code, county, per_capita_fen, source, updated_at"

// incomes upserts the yearly per-capita income of the batch's households.
// An empty income cell leaves a stored figure alone.
func (w *writer) incomes(ctx context.Context) error {
	var args []any
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		var err error
		if w.fresh { // an empty registry has no incomes to conflict with
			err = w.insertNew(ctx, "household_incomes", incomeCols, args)
		} else {
			err = w.exec(ctx, `INSERT INTO household_incomes (`+incomeCols+`) VALUES `+store.Placeholders(n, 7)+`
			ON CONFLICT (household_id, year, county) DO UPDATE SET per_capita_fen = excluded.per_capita_fen,
			region_code = excluded.region_code, county = excluded.county, source = excluded.source, updated_at = excluded.updated_at
			WHERE household_incomes.per_capita_fen <> excluded.per_capita_fen
			   OR household_incomes.region_code <> excluded.region_code`, args)
		}
		args, n = args[:0], 0
		if err != nil {
			return fmt.Errorf("registry: store incomes: %w", err)
		}
		return nil
	}
	for _, h := range w.newHH {
		if h.f.IncomeFen == nil {
			continue
		}
		args = append(args, w.householdID(h.f.Code, h.id), h.f.IncomeYear, h.f.RegionCode, region.County(h.f.RegionCode), *h.f.IncomeFen, w.opt.Source, w.now)
		if n++; n == 300 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
