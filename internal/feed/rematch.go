package feed

import (
	"context"
	"fmt"

	"fangpin/internal/store"
)

// Rematch links stored rows that matched nobody to the persons registered
// since, by the keyed index of their ID numbers, with one set-based UPDATE
// per kind, and brings the files' matched and unmatched counts up to date.
// It returns the number of rows newly matched. Pass a transaction to make
// the rows and the counts change together. The screen calls it first.
func Rematch(ctx context.Context, q store.Querier) (int64, error) {
	var total int64
	for _, k := range Kinds {
		n, err := rematchKind(ctx, q, k)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

func rematchKind(ctx context.Context, q store.Querier, k Kind) (int64, error) {
	t := k.Table()
	set := "person_id = p.id, household_id = p.household_id, county = p.county"
	if !keepMatchedIndex {
		set += ", id_idx = ''"
	}
	r, err := q.ExecContext(ctx, "UPDATE "+t+" SET "+set+" FROM persons p WHERE "+t+".person_id IS NULL AND p.id_idx = "+t+".id_idx")
	if err != nil {
		return 0, fmt.Errorf("feed: rematch %s: %w", k, err)
	}
	n, err := r.RowsAffected()
	if err != nil || n == 0 {
		return n, err
	}
	left := "(SELECT count(*) FROM " + t + " x WHERE x.file_id = feed_files.id AND x.person_id IS NULL)"
	_, err = q.ExecContext(ctx, "UPDATE feed_files SET unmatched = "+left+", matched = rows - "+left+
		" WHERE kind = ? AND unmatched > 0", string(k))
	if err != nil {
		return n, fmt.Errorf("feed: recount %s files: %w", k, err)
	}
	return n, nil
}

// Unmatched counts the stored rows of every kind whose ID number matches no
// registered person (person_id NULL).
func Unmatched(ctx context.Context, q store.Querier) (int64, error) {
	var total int64
	for _, k := range Kinds {
		var n int64
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+k.Table()+" WHERE person_id IS NULL").Scan(&n); err != nil {
			return 0, fmt.Errorf("feed: count unmatched %s rows: %w", k, err)
		}
		total += n
	}
	return total, nil
}
