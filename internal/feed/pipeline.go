package feed

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"fangpin/internal/store"
	"fangpin/internal/tabular"
)

// chunkRows is how many rows travel together through the pipeline: a
// multiple of sqliteRows, so that a full chunk fills whole INSERTs.
const chunkRows = 2 * sqliteRows

// progressEvery is the shortest interval between two progress reports.
const progressEvery = 250 * time.Millisecond

// chunk is rows as read: width cells per row, and each row's line number.
type chunk struct {
	seq   int
	cells []string
	lines []int
}

// pipeline streams a file through three stages: one goroutine reads rows in
// chunks, a worker per core checks, indexes and matches them (the costly
// part: parsing, the ID checksum and the HMAC), and the caller's goroutine
// stores the converted chunks in file order inside the transaction. At most
// inflight chunks exist at once, so memory does not grow with the file.
type pipeline struct {
	conv     *converter
	src      *source
	inflight int
	full     atomic.Bool  // enough problems listed: stop reading
	persons  *personIndex // valid once ready is closed (nil if loading failed)
	loadErr  error
	ready    chan struct{}
}

func newPipeline(conv *converter, src *source) *pipeline {
	p := &pipeline{conv: conv, src: src, ready: make(chan struct{}), inflight: 4 * runtime.GOMAXPROCS(0)}
	conv.p = p
	return p
}

// run streams the whole file into ins and fills res.
func (p *pipeline) run(ctx context.Context, r store.Querier, ins *inserter, res *Result, opt Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(p.ready)
		p.persons, p.loadErr = loadPersons(ctx, r)
	}()
	slots := make(chan struct{}, p.inflight)
	chunks := make(chan *chunk, p.inflight)
	batches := make(chan *batch, p.inflight)
	var readErr error
	go func() {
		defer close(chunks)
		readErr = p.read(ctx, slots, chunks)
	}()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for c := range chunks {
				batches <- p.conv.convert(c) // never blocks for long: the writer drains batches until closed
			}
		})
	}
	go func() { wg.Wait(); close(batches) }()
	err := p.write(ctx, slots, batches, ins, res, opt)
	if err != nil {
		cancel()
		for range batches { // let the stages end
		}
		return err
	}
	return p.finish(readErr, res)
}

// finish turns a reading problem into an issue of the file.
func (p *pipeline) finish(readErr error, res *Result) error {
	var fe formatError
	switch {
	case errors.As(readErr, &fe):
		res.IssueCount++
		res.Issues = append(res.Issues, Issue{Row: 0, Col: -1, Message: tabular.Echo(fe.Error())})
	case readErr != nil:
		return readErr
	case p.loadErr != nil:
		return p.loadErr
	}
	return nil
}

// formatError is a file that cannot be read as a table past some row.
type formatError struct{ error }

// read sends the file's rows in chunks, taking a slot for each.
func (p *pipeline) read(ctx context.Context, slots chan struct{}, out chan<- *chunk) error {
	w := p.conv.l.width()
	c := &chunk{cells: make([]string, 0, chunkRows*w), lines: make([]int, 0, chunkRows)}
	send := func() error {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		out <- c
		c = &chunk{seq: c.seq + 1, cells: make([]string, 0, chunkRows*w), lines: make([]int, 0, chunkRows)}
		return nil
	}
	for !p.full.Load() {
		rec, line, err := p.src.t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(c.lines) > 0 {
				send()
			}
			return formatError{err}
		}
		for _, pos := range p.conv.l.pos {
			c.cells = append(c.cells, tabular.Cell(rec, pos))
		}
		c.lines = append(c.lines, line)
		if len(c.lines) == chunkRows {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if len(c.lines) > 0 {
		return send()
	}
	return nil
}

// write stores the batches in file order; after the first problem it only
// collects problems.
func (p *pipeline) write(ctx context.Context, slots chan struct{}, batches <-chan *batch, ins *inserter, res *Result, opt Options) error {
	pending := map[int]*batch{}
	next, done := 0, 0
	last := time.Now()
	for b := range batches {
		pending[b.seq] = b
		for b := pending[next]; b != nil; b = pending[next] {
			delete(pending, next)
			next++
			<-slots
			done += b.n
			if err := p.take(ctx, b, ins, res, opt.MaxIssues); err != nil {
				return err
			}
			if opt.Progress != nil && time.Since(last) >= progressEvery {
				opt.Progress(done, p.src.estimate(done))
				last = time.Now()
			}
		}
	}
	if opt.Progress != nil {
		opt.Progress(done, done)
	}
	return nil
}

// take adds one converted chunk to the result and, while the file is
// clean, to the table.
func (p *pipeline) take(ctx context.Context, b *batch, ins *inserter, res *Result, max int) error {
	res.IssueCount += b.nIssues
	if room := max - len(res.Issues); room > 0 {
		res.Issues = append(res.Issues, b.issues[:min(room, len(b.issues))]...)
	}
	if res.IssueCount >= max {
		p.full.Store(true)
	}
	if res.IssueCount > 0 {
		p.conv.rejected.Store(true)
		return nil
	}
	res.Rows += b.rows
	res.Matched += b.matched
	res.Unmatched += b.rows - b.matched
	return ins.add(ctx, b.args)
}

// match waits for the person index and returns it (nil if it failed to load).
func (p *pipeline) match() *personIndex {
	<-p.ready
	return p.persons
}
