package screening

import (
	"encoding/binary"
	"fmt"
	"os"
	"sync"
)

// A screen holds in memory the feed rows of the county it works on. The
// rows read for the other counties wait in a temporary file once more than
// spillRows of them are held, so that the peak memory of a screen follows
// its largest county rather than the whole registry (doc.go, "County by
// county"). A city of a few hundred thousand persons never reaches the
// file.

// spillRows is how many feed rows a buffer (or all the counties' buffers of
// one feed together) holds before writing them out: 4,194,304 rows, 96 MiB.
// Below it a screen reads and splits as fast as without a file.
var spillRows = 1 << 22

// rowBytes is the size of a feed row in the file: id, amount, person, day.
const rowBytes = 24

// spill is a screen's temporary file of feed rows, written in segments and
// read back by segment. The file is unlinked as soon as it is created, so
// nothing is left behind when the process ends, whatever way it ends; it
// lives in the system's temporary folder (TMPDIR).
type spill struct {
	mu  sync.Mutex
	f   *os.File
	end int64
	buf []byte
}

// segment is a run of rows in the file.
type segment struct {
	off int64
	n   int
}

// write appends rows to the file.
func (s *spill) write(rows []feedRow) (segment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		f, err := os.CreateTemp("", "fangpin-screen-*.rows")
		if err != nil {
			return segment{}, fmt.Errorf("screening: temporary file for feed rows: %w", err)
		}
		if err := os.Remove(f.Name()); err != nil {
			f.Close()
			return segment{}, fmt.Errorf("screening: temporary file for feed rows: %w", err)
		}
		s.f = f
	}
	need := len(rows) * rowBytes
	if cap(s.buf) < need {
		s.buf = make([]byte, need)
	}
	b := s.buf[:need]
	for i, r := range rows {
		p := b[i*rowBytes:]
		binary.LittleEndian.PutUint64(p, uint64(r.id))
		binary.LittleEndian.PutUint64(p[8:], uint64(r.amount))
		binary.LittleEndian.PutUint32(p[16:], uint32(r.person))
		binary.LittleEndian.PutUint32(p[20:], uint32(r.day))
	}
	if _, err := s.f.WriteAt(b, s.end); err != nil {
		return segment{}, fmt.Errorf("screening: write feed rows to the temporary file: %w", err)
	}
	seg := segment{off: s.end, n: len(rows)}
	s.end += int64(need)
	return seg, nil
}

// read appends a segment's rows to dst.
func (s *spill) read(seg segment, dst []feedRow) ([]feedRow, error) {
	b := make([]byte, seg.n*rowBytes)
	if _, err := s.f.ReadAt(b, seg.off); err != nil {
		return dst, fmt.Errorf("screening: read feed rows from the temporary file: %w", err)
	}
	for i := range seg.n {
		p := b[i*rowBytes:]
		dst = append(dst, feedRow{id: int64(binary.LittleEndian.Uint64(p)), amount: int64(binary.LittleEndian.Uint64(p[8:])),
			person: int32(binary.LittleEndian.Uint32(p[16:])), day: int32(binary.LittleEndian.Uint32(p[20:]))})
	}
	return dst, nil
}

// close closes (and so frees) the file; the spill may be written again.
func (s *spill) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f != nil {
		s.f.Close()
		s.f, s.end, s.buf = nil, 0, nil
	}
}
