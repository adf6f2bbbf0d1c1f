package feed

// Columns lists the headers a file of the kind must have, as docs/formats.md
// names them (the ID number first), and those it may have: upload pages
// show them next to the form.
func (k Kind) Columns() (required, optional []string) {
	sp, ok := specs[k]
	if !ok {
		return nil, nil
	}
	required = []string{sp.idName}
	for _, c := range sp.cols {
		if c.optional {
			optional = append(optional, c.name)
		} else {
			required = append(required, c.name)
		}
	}
	return required, optional
}
