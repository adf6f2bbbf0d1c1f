package region

import (
	"context"
	"errors"

	"fangpin/internal/store"
)

// Places names the county, township and village of region codes for the
// rows of a list or table, looking each region up once.
type Places struct {
	ctx   context.Context
	q     store.Querier
	known map[string][3]string
}

// NewPlaces returns an empty Places reading from q.
func NewPlaces(ctx context.Context, q store.Querier) *Places {
	return &Places{ctx: ctx, q: q, known: map[string][3]string{}}
}

// Of returns the county, township and village names of a region code (""
// for a level the code does not have; the code itself, as the village, for
// a region not stored).
func (p *Places) Of(code string) ([3]string, error) {
	if n, ok := p.known[code]; ok {
		return n, nil
	}
	var n [3]string
	chain, err := Ancestors(p.ctx, p.q, code)
	switch {
	case errors.Is(err, store.ErrNotFound):
		n[2] = code
	case err != nil:
		return n, err
	}
	for _, reg := range chain {
		if reg.Level >= LevelCounty && reg.Level <= LevelVillage {
			n[reg.Level-LevelCounty] = reg.Name
		}
	}
	p.known[code] = n
	return n, nil
}
