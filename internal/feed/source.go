package feed

import (
	"io"
	"os"
	"sync/atomic"

	"fangpin/internal/tabular"
)

// source is an open feed file and how far it has been read.
type source struct {
	t    *tabular.Reader
	f    *os.File
	size int64
	read atomic.Int64 // bytes consumed (CSV only; 0 for XLSX)
}

// openSource opens a CSV or XLSX file (recognised by content, as
// tabular.Open does) and reads its header; for CSV it counts the bytes read,
// to estimate the rows still to come. A file that cannot be read as a table
// gives a formatError.
func openSource(path string) (*source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	xlsx, err := tabular.IsXLSX(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	s := &source{f: f, size: st.Size()}
	if xlsx {
		f.Close()
		s.f = nil
		if s.t, err = tabular.Open(path); err != nil {
			return nil, formatError{err}
		}
		return s, nil
	}
	if s.t, err = tabular.NewCSV(&counter{r: f, n: &s.read}); err != nil {
		f.Close()
		return nil, formatError{err}
	}
	return s, nil
}

// estimate extrapolates the number of rows from the bytes read so far.
func (s *source) estimate(rows int) int {
	read := s.read.Load()
	if read <= 0 || s.size <= 0 {
		return 0
	}
	if read >= s.size {
		return rows
	}
	return int(float64(rows) * float64(s.size) / float64(read))
}

// Close closes the file.
func (s *source) Close() error {
	if s.f != nil {
		return s.f.Close()
	}
	return s.t.Close()
}

// counter counts the bytes read through it.
type counter struct {
	r io.Reader
	n *atomic.Int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
