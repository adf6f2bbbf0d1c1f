package screening

import (
	"context"
	"fmt"

	"fangpin/internal/region"
	"fangpin/internal/store"
)

// builder turns the counties' hits into batches of new warnings: it reads
// (what is stored, the files of cited rows) on reader connections, never
// on the transaction, which only the warningWriter uses. Feed rows are
// never changed or deleted and a warning stored meanwhile is skipped by the
// INSERT, so what a reader sees is enough.
type builder struct {
	q     store.Querier
	runID int64
	now   string
	asOf  string
	enc   *encoder
	found map[Rule]int // households per rule, all counties so far
}

// pipe builds the counties' batches in a goroutine of its own and inserts
// them with w as they come; it returns the first error of either side.
// Afterwards b.found and w.created count the households found and the
// warnings created.
func (b *builder) pipe(ctx context.Context, views []*snapshot, w *warningWriter) error {
	defer w.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, 2)
	var berr error
	go func() {
		defer close(batches)
		for _, v := range views {
			if berr = b.county(ctx, v, batches); berr != nil {
				return
			}
		}
	}()
	var werr error
	for x := range batches {
		if werr == nil {
			if werr = w.insert(ctx, x); werr != nil {
				cancel() // the builder stops at its next send
			}
		}
	}
	if werr != nil {
		return werr
	}
	return berr
}

// county reads one county's feed rows in, applies the rules to it and sends
// its new warnings in batches; the rows go when it is done.
func (b *builder) county(ctx context.Context, v *snapshot, out chan<- batch) error {
	if err := v.open(ctx, b.q); err != nil {
		return err
	}
	defer v.close()
	hits, err := evaluate(v)
	if err != nil {
		return err
	}
	for _, h := range hits {
		b.found[h.rule]++
	}
	hits = v.stored.unstored(hits)
	at, err := fileOf(ctx, b.q, v.county, hits)
	if err != nil {
		return err
	}
	for start := 0; start < len(hits); start += batchSize {
		x, err := b.encode(v, hits[start:min(start+batchSize, len(hits))], at)
		if err != nil {
			return err
		}
		select {
		case out <- x:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// encode builds the INSERT arguments of hits.
func (b *builder) encode(v *snapshot, hits []hit, at map[string]map[int64]int64) (batch, error) {
	x := batch{hits: hits, args: make([]any, 0, len(hits)*13), files: make([][]int64, len(hits)),
		counties: make([]string, len(hits))}
	for i := range hits {
		h := &hits[i]
		x.files[i] = h.files(at[h.table])
		th, err := b.enc.threshold(h)
		if err != nil {
			return x, fmt.Errorf("screening: encode warning: %w", err)
		}
		// The snapshot holds the household's current village, so its county
		// is at hand: no lookup per warning.
		village := v.villages[v.hh[h.household].village]
		x.counties[i] = region.County(village)
		x.args = append(x.args, int64(h.household), village, x.counties[i], string(h.rule), h.period,
			string(StatusOpen), b.asOf, b.runID, th, b.enc.figures(h.figures), b.enc.evidence(h, x.files[i]),
			store.NullID(h.person), b.now)
	}
	return x, nil
}
