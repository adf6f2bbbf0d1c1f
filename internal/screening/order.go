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
	b := rowBuffer{blocks: [][]feedRow{rows}, n: len(rows)}
	return b.byPerson()
}

// byPerson returns the buffer's rows in person order (see the function
// byPerson); small buffers keep file order.
func (b *rowBuffer) byPerson() []feedRow {
	if b.n < 1<<14 {
		return b.rows()
	}
	var top int32
	b.each(func(r feedRow) { top = max(top, r.person) })
	starts := make([]int, int(top>>personBlockBits)+2)
	b.each(func(r feedRow) { starts[r.person>>personBlockBits+1]++ })
	for i := 1; i < len(starts); i++ {
		starts[i] += starts[i-1]
	}
	out := make([]feedRow, b.n)
	b.each(func(r feedRow) {
		k := r.person >> personBlockBits
		out[starts[k]] = r
		starts[k]++
	})
	return out
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
// never copies the rows gathered so far.
type rowBuffer struct {
	blocks [][]feedRow
	n      int
}

const bufferBlock = 1 << 16

func (b *rowBuffer) add(r feedRow) {
	if len(b.blocks) == 0 || len(b.blocks[len(b.blocks)-1]) == bufferBlock {
		b.blocks = append(b.blocks, make([]feedRow, 0, bufferBlock))
	}
	last := &b.blocks[len(b.blocks)-1]
	*last = append(*last, r)
	b.n++
}

func (b *rowBuffer) each(fn func(feedRow)) {
	for _, blk := range b.blocks {
		for _, r := range blk {
			fn(r)
		}
	}
}

// rows returns the rows in one slice.
func (b *rowBuffer) rows() []feedRow {
	if len(b.blocks) == 1 {
		return b.blocks[0]
	}
	out := make([]feedRow, 0, b.n)
	for _, blk := range b.blocks {
		out = append(out, blk...)
	}
	return out
}
