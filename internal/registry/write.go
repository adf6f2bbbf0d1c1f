package registry

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"sort"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/idcard"
	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// personBatch is how many persons the producer sends the writer at a
// time: one COPY a table and batch on PostgreSQL (fewer round trips), a few
// megabytes in memory.
const personBatch = 5000

// writer is pass 2: it upserts households and persons in batches inside one
// transaction.
type writer struct {
	im       *Importer
	tx       *store.Tx
	opt      ImportOptions
	res      *ImportResult
	v        *validation
	now      string
	hhIDs    map[string]int64 // household code → id, for households written
	stmts    map[string]*sql.Stmt
	villages map[string]bool // villages whose stats need refreshing
	fresh    bool            // the registry was empty: every row is new
	dropped  []store.Index   // the secondary indexes dropped for a first load
	resume   []func() error  // restore the triggers and foreign keys paused for a first load
	newHH    []*pendingHH    // households first seen since the last flush
	persons  []pendingPerson
	touched  []int64 // ids of persons listed in the file
	moved    map[int64]bool
	day      string          // the import's day (Beijing), from which its changes count
	shares   map[int64]Share // stored households changed: their shares before the import
}

type pendingHH struct {
	f                     hhFields
	phoneEnc              []byte // the phone's stored forms (nil when none)
	phoneIdx, phoneMasked string
	id                    int64 // 0 until stored, unless assigned in advance
	rows, chronic, major  int16 // member counts
}

type pendingPerson struct {
	code, region    string
	hid             int64 // household id when assigned in advance
	f               personFields
	idx, phoneIdx   string
	idEnc, phoneEnc []byte
	idMasked        string // the masked forms and the health list as stored
	phoneMasked     string
	health          string
	row             int
}

// batch is a slice of rows parsed, resolved and encrypted by the producer,
// ready for the database writer.
type batch struct {
	households []*pendingHH
	persons    []pendingPerson
}

// store writes the file in one transaction. With v (two-pass mode) the
// rows were validated before; without it, rows are validated as they are
// written and any problem rolls the whole import back. A producer goroutine
// reads, checks and encrypts rows while this goroutine writes the previous
// batch, so both cores work.
func (im *Importer) store(ctx context.Context, tx *store.Tx, path string, opt ImportOptions, v *validation, res *ImportResult) error {
	w := &writer{im: im, tx: tx, opt: opt, res: res, v: v, now: store.Stamp(opt.Now), day: civil.DateOf(opt.Now).String(),
		hhIDs: map[string]int64{}, moved: map[int64]bool{}, stmts: map[string]*sql.Stmt{},
		villages: map[string]bool{}, shares: map[int64]Share{}}
	defer w.closeStmts()
	fresh, err := emptyRegistry(ctx, tx)
	if err != nil {
		return err
	}
	if w.fresh = fresh; fresh {
		if w.dropped, err = store.DropIndexes(ctx, tx, keptIndexes, bulkTables...); err != nil {
			return err
		}
		for _, pause := range []func(context.Context, *store.Tx, ...string) (func() error, error){
			store.PauseInsertCounts, store.PauseForeignKeys} {
			resume, err := pause(ctx, tx, bulkTables...)
			if err != nil {
				return err
			}
			w.resume = append(w.resume, resume)
		}
	}
	g := &grouper{fresh: fresh, keys: im.keys}
	if err := w.pipeline(ctx, path, g); err != nil {
		return err
	}
	if res.IssueCount > 0 && !opt.SkipInvalid {
		return ErrRejected
	}
	res.Households = res.HouseholdsInserted + res.HouseholdsUpdated + res.HouseholdsUnchanged
	if err := RefreshCounts(ctx, tx, w.ids(g.recount)); err != nil {
		return err
	}
	if fresh {
		w.closeStmts()
		if err := createBulkIndexes(ctx, tx, w.dropped); err != nil {
			return err
		}
		for _, resume := range w.resume {
			if err := resume(); err != nil {
				return err
			}
		}
		if err := store.SyncSequence(ctx, tx, "households"); err != nil {
			return err
		}
	} else if err := w.finish(ctx); err != nil {
		return err
	} else if err := w.recordChanges(ctx); err != nil {
		return err
	}
	return w.refreshStats(ctx)
}

func (w *writer) pipeline(ctx context.Context, path string, g *grouper) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, 2)
	errc := make(chan error, 1)
	go func() {
		defer close(batches)
		errc <- w.produce(ctx, path, g, batches)
	}()
	for b := range batches {
		if err := w.flush(ctx, b); err != nil {
			cancel()
			for range batches { // let the producer finish
			}
			<-errc
			return err
		}
	}
	return <-errc
}

func (w *writer) ids(hs []*pendingHH) []int64 {
	out := make([]int64, 0, len(hs))
	for _, h := range hs {
		out = append(out, w.householdID(h.f.Code, h.id))
	}
	return out
}

// householdID is id when the producer assigned one, else the id the writer
// stored or found for the household code.
func (w *writer) householdID(code string, id int64) int64 {
	if id != 0 {
		return id
	}
	return w.hhIDs[code]
}

// grouper collects the rows of one household and sends a household with its
// members once its rows end, so that its member counts are complete. Rows
// that come back to a household already sent are written with the next
// group, and the household's counts are recomputed at the end.
type grouper struct {
	keys    *pii.Keys // seals the phone of a new household here, in the producer
	code    string
	hh      *pendingHH
	st      *hhState
	persons []pendingPerson
	b       batch
	fresh   bool // assign household ids here: the registry was empty
	nextID  int64
	recount []*pendingHH
}

func (g *grouper) add(r *record, st *hhState, p pendingPerson) {
	if r.hh.Code != g.code || g.code == "" {
		g.close()
		g.code, g.st, g.hh = r.hh.Code, st, nil
		if st.emitted {
			g.recount = append(g.recount, &pendingHH{f: r.hh, id: st.id})
		} else {
			st.emitted = true
			if g.fresh {
				g.nextID++
				st.id = g.nextID
			}
			g.hh = &pendingHH{f: r.hh, id: st.id}
			if p := r.hh.Phone; p != "" {
				g.hh.phoneEnc, g.hh.phoneIdx, g.hh.phoneMasked = g.keys.Seal(p), g.keys.Index(p), maskPhone(p)
			}
		}
	}
	p.hid = st.id
	g.persons = append(g.persons, p)
}

// close moves the current household into the batch.
func (g *grouper) close() {
	if g.hh != nil {
		g.hh.rows, g.hh.chronic, g.hh.major = g.st.rows, g.st.chronic, g.st.major
		g.b.households = append(g.b.households, g.hh)
	}
	g.b.persons = append(g.b.persons, g.persons...)
	g.persons, g.hh = g.persons[:0], nil
}

// produce reads the file, checks rows (single pass) or skips and reports the
// rows of rejected households (two-pass), and sends the rest in batches.
func (w *writer) produce(ctx context.Context, path string, g *grouper, out chan<- batch) error {
	t, l, err := header(path, w.res)
	if err != nil {
		return err
	}
	defer t.Close()
	c := w.im.newChecker(l, w.opt)
	single := w.v == nil
	rw := newRejectWriter(w.opt.Rejects)
	send := func() error {
		select {
		case out <- g.b:
			g.b = batch{}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for {
		rec, row, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		var r record
		var st *hhState
		if single {
			w.res.Rows++
			var issues []Issue
			r, issues = c.check(ctx, rec, row)
			c.v.note(w.res, issues...)
			if w.res.IssueCount > 0 {
				continue // the import will be rolled back: only collect the problems
			}
			st = c.v.households[r.hh.Code]
		} else {
			r, _ = c.p.parse(rec, row)
			if st = w.v.households[r.hh.Code]; st == nil || st.bad {
				w.res.RejectedRows++
				if err := rw.write(t.Header, rec, row, w.rejectReason(row, st)); err != nil {
					return fmt.Errorf("写入拒绝行文件: %w", err)
				}
				continue
			}
			r.hh.RegionCode, _ = c.rc.resolve(ctx, &r, l.byName)
		}
		g.add(&r, st, w.prepare(r.hh.Code, r.hh.RegionCode, r.p, row))
		if len(g.b.persons) >= personBatch {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if single {
		c.v.finish(l, w.res)
	}
	if w.res.IssueCount == 0 || !single {
		g.close()
		if len(g.b.persons) > 0 {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if err := rw.flush(); err != nil {
		return fmt.Errorf("写入拒绝行文件: %w", err)
	}
	return nil
}

// prepare computes a person's keyed index, ciphertexts and masked forms
// off the writer's goroutine, the import's bottleneck.
func (w *writer) prepare(code, region string, f personFields, row int) pendingPerson {
	p := pendingPerson{code: code, region: region, f: f, row: row, idx: w.im.keys.Index(f.ID),
		idEnc: w.im.keys.Seal(f.ID), idMasked: idcard.Mask(f.ID), health: strings.Join(f.Health, "、")}
	if f.Phone != "" {
		p.phoneIdx, p.phoneEnc, p.phoneMasked = w.im.keys.Index(f.Phone), w.im.keys.Seal(f.Phone), maskPhone(f.Phone)
	}
	return p
}

func (w *writer) rejectReason(row int, st *hhState) string {
	if is := w.v.rowIssues[row]; is != "" {
		return is
	}
	if st != nil {
		return fmt.Sprintf("同户（首行为第%d行）其他行有错误，整户未导入", st.firstRow)
	}
	return "本行有错误"
}

func (w *writer) flush(ctx context.Context, b batch) error {
	w.newHH, w.persons = b.households, b.persons
	if err := w.households(ctx); err != nil {
		return err
	}
	if err := w.upsertPersons(ctx); err != nil {
		return err
	}
	w.res.Persons += len(w.persons)
	return nil
}

// stmt returns a prepared statement, cached for the import's transaction:
// the batch statements are large and parsing them again costs more than
// running them.
func (w *writer) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := w.stmts[q]; ok {
		return s, nil
	}
	s, err := w.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	w.stmts[q] = s
	return s, nil
}

func (w *writer) closeStmts() {
	for q, s := range w.stmts {
		s.Close()
		delete(w.stmts, q)
	}
}

// finish marks members no longer listed as having left, and refreshes the
// member counts of households that lost members to another household.
func (w *writer) finish(ctx context.Context) error {
	sort.Slice(w.touched, func(i, j int) bool { return w.touched[i] < w.touched[j] })
	ids := make([]int64, 0, len(w.hhIDs))
	for _, id := range w.hhIDs {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for start := 0; start < len(ids); start += 500 {
		if err := w.leavers(ctx, ids[start:min(start+500, len(ids))]); err != nil {
			return err
		}
	}
	var others []int64
	for id := range w.moved {
		if !containsID(ids, id) {
			others = append(others, id)
		}
	}
	before, err := shares(ctx, w.tx, others)
	if err != nil {
		return err
	}
	for id, s := range before {
		w.before(id, s)
	}
	if err := RefreshCounts(ctx, w.tx, others); err != nil {
		return err
	}
	return w.touchHouseholds(ctx, others)
}

// touchHouseholds records the villages of households given by id.
func (w *writer) touchHouseholds(ctx context.Context, ids []int64) error {
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		rows, err := w.tx.QueryContext(ctx, "SELECT DISTINCT region_code FROM households WHERE id IN ("+qs(len(chunk))+")",
			int64Args(chunk)...)
		if err != nil {
			return fmt.Errorf("registry: villages of households: %w", err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return err
			}
			w.touch(v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func containsID(sorted []int64, id int64) bool {
	i := sort.Search(len(sorted), func(i int) bool { return sorted[i] >= id })
	return i < len(sorted) && sorted[i] == id
}

func (w *writer) leavers(ctx context.Context, hh []int64) error {
	q := "SELECT id, household_id FROM persons WHERE active = 1 AND household_id IN (" + qs(len(hh)) + ")"
	rows, err := w.tx.QueryContext(ctx, q, int64Args(hh)...)
	if err != nil {
		return fmt.Errorf("registry: list members: %w", err)
	}
	var gone, hhs []int64
	for rows.Next() {
		var id, h int64
		if err := rows.Scan(&id, &h); err != nil {
			rows.Close()
			return err
		}
		if !containsID(w.touched, id) {
			gone, hhs = append(gone, id), append(hhs, h)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range gone {
		if _, err := w.tx.ExecContext(ctx, "UPDATE persons SET active = 0, left_at = ?, updated_at = ? WHERE id = ?",
			w.now, w.now, id); err != nil {
			return fmt.Errorf("registry: mark member left: %w", err)
		}
	}
	w.res.PersonsLeft += len(gone)
	return nil
}

// RefreshCounts recomputes the stored member counts of the given households
// from their current members.
func RefreshCounts(ctx context.Context, q store.Querier, ids []int64) error {
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		_, err := q.ExecContext(ctx, `UPDATE households SET
			members = (SELECT count(*) FROM persons p WHERE p.household_id = households.id AND p.active = 1),
			members_chronic = (SELECT count(*) FROM persons p WHERE p.household_id = households.id AND p.active = 1 AND p.ill_chronic = 1 AND p.ill_major = 0),
			members_major = (SELECT count(*) FROM persons p WHERE p.household_id = households.id AND p.active = 1 AND p.ill_major = 1)
			WHERE id IN (`+qs(len(chunk))+")", int64Args(chunk)...)
		if err != nil {
			return fmt.Errorf("registry: refresh member counts: %w", err)
		}
	}
	return nil
}

func qs(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func int64Args(ids []int64) []any {
	a := make([]any, len(ids))
	for i, v := range ids {
		a[i] = v
	}
	return a
}

func strArgs(s []string) []any {
	a := make([]any, len(s))
	for i, v := range s {
		a[i] = v
	}
	return a
}

// nb and ni turn optional values into SQL parameters.
func nb(b *bool) any {
	if b == nil {
		return nil
	}
	if *b {
		return 1
	}
	return 0
}

func ni(i *int) any {
	if i == nil {
		return nil
	}
	return *i
}

func nm(m int) any {
	if m == 0 {
		return nil
	}
	return m
}

func nullBool(n sql.NullInt64) *bool {
	if !n.Valid {
		return nil
	}
	b := n.Int64 == 1
	return &b
}

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	i := int(n.Int64)
	return &i
}

func maskPhone(p string) string {
	if p == "" {
		return ""
	}
	return idcard.MaskPhone(p)
}
