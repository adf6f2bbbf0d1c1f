package screening

// personBlock is how many consecutive person ids share a block of byPerson:
// 4,096 persons span 16 KiB of the person → household table, which stays in
// the processor's cache while their rows are handled.
const personBlockBits = 12

// byPerson reorders rows by blocks of person ids (a counting sort on
// person >> personBlockBits, stable within a block). Feed rows arrive in
// file order, so mapping each to its household reads the person and
// household tables at random, a cache miss per row; in person order the
// reads run along the tables. It costs two sequential passes.
func byPerson(rows []feedRow) []feedRow {
	if len(rows) < 1<<14 {
		return rows
	}
	var top int32
	for _, r := range rows {
		top = max(top, r.person)
	}
	starts := make([]int, int(top>>personBlockBits)+2)
	for _, r := range rows {
		starts[r.person>>personBlockBits+1]++
	}
	for i := 1; i < len(starts); i++ {
		starts[i] += starts[i-1]
	}
	out := make([]feedRow, len(rows))
	for _, r := range rows {
		k := r.person >> personBlockBits
		out[starts[k]] = r
		starts[k]++
	}
	return out
}

// byPerson returns the buffer's rows in person order (see the function
// byPerson); small buffers keep file order. The buffer is emptied. Rows
// held in memory are sorted straight out of the blocks (three passes over
// them, no copy but the result).
func (b *rowBuffer) byPerson() ([]feedRow, error) {
	if len(b.segs) > 0 || b.held < 1<<14 || b.err != nil {
		rows, err := b.take()
		if err != nil {
			return nil, err
		}
		return byPerson(rows), nil
	}
	defer func() { b.blocks, b.held = nil, 0 }()
	var top int32
	b.each(func(r feedRow) { top = max(top, r.person) })
	starts := make([]int, int(top>>personBlockBits)+2)
	b.each(func(r feedRow) { starts[r.person>>personBlockBits+1]++ })
	for i := 1; i < len(starts); i++ {
		starts[i] += starts[i-1]
	}
	out := make([]feedRow, b.held)
	b.each(func(r feedRow) {
		k := r.person >> personBlockBits
		out[starts[k]] = r
		starts[k]++
	})
	return out, nil
}

// bitset is a set of small non-negative integers.
type bitset []uint64

func (b bitset) has(i int32) bool {
	w := int(i) >> 6
	return w < len(b) && b[w]&(1<<(uint(i)&63)) != 0
}

func (b *bitset) add(i int32) {
	w := int(i) >> 6
	if w >= len(*b) {
		n := make(bitset, w+w/4+1)
		copy(n, *b)
		*b = n
	}
	(*b)[w] |= 1 << (uint(i) & 63)
}

// rowBuffer collects rows in blocks, so that reading millions of them
// never copies the rows gathered so far. With a spill, it writes the rows
// it holds to the file whenever more than limit are held: its rows are then
// the file's segments followed by the blocks, in the order they came.
type rowBuffer struct {
	blocks [][]feedRow
	held   int       // rows in blocks
	segs   []segment // rows written out, in order
	sp     *spill    // nil: every row stays in memory
	limit  int
	err    error // the first write error; add keeps no row after it
}

// bufferBlock is the largest block; a buffer's first blocks are smaller, so
// that the many small buffers of a screen's counties stay small.
const bufferBlock = 1 << 16

func (b *rowBuffer) add(r feedRow) {
	if n := len(b.blocks); n == 0 || len(b.blocks[n-1]) == cap(b.blocks[n-1]) {
		if b.sp != nil && b.held >= b.limit {
			b.flush()
		}
		b.blocks = append(b.blocks, make([]feedRow, 0, min(bufferBlock, max(1024, b.held))))
	}
	last := &b.blocks[len(b.blocks)-1]
	*last = append(*last, r)
	b.held++
}

// flush writes the blocks held to the spill.
func (b *rowBuffer) flush() {
	for _, blk := range b.blocks {
		if b.err != nil || len(blk) == 0 {
			break
		}
		var seg segment
		if seg, b.err = b.sp.write(blk); b.err == nil {
			b.segs = append(b.segs, seg)
		}
	}
	b.blocks, b.held = nil, 0
}

// each calls fn with every row, in order.
func (b *rowBuffer) each(fn func(feedRow)) error {
	if b.err != nil {
		return b.err
	}
	var rows []feedRow
	for _, seg := range b.segs {
		var err error
		if rows, err = b.sp.read(seg, rows[:0]); err != nil {
			return err
		}
		for _, r := range rows {
			fn(r)
		}
	}
	for _, blk := range b.blocks {
		for _, r := range blk {
			fn(r)
		}
	}
	return nil
}

// take returns the rows in one slice and empties the buffer.
func (b *rowBuffer) take() ([]feedRow, error) {
	defer func() { b.blocks, b.held, b.segs = nil, 0, nil }()
	if len(b.blocks) == 1 && len(b.segs) == 0 && b.err == nil {
		return b.blocks[0], nil
	}
	n := b.held
	for _, seg := range b.segs {
		n += seg.n
	}
	out := make([]feedRow, 0, n)
	if b.err != nil {
		return nil, b.err
	}
	for _, seg := range b.segs {
		var err error
		if out, err = b.sp.read(seg, out); err != nil {
			return nil, err
		}
	}
	for _, blk := range b.blocks {
		out = append(out, blk...)
	}
	return out, nil
}
