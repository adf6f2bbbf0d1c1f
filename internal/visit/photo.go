package visit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"fangpin/internal/fault"
	"fangpin/internal/photo"
	"fangpin/internal/store"
)

// MaxPhotos is how many photos one visit keeps.
const MaxPhotos = 6

// cleanPhotos checks the photos and strips their metadata (photo.Clean).
func cleanPhotos(in [][]byte, dir string) ([]photo.Photo, error) {
	var out []photo.Photo
	for _, b := range in {
		if len(b) == 0 {
			continue // an empty file input
		}
		p, err := photo.Clean(b)
		if err != nil {
			return nil, fault.Invalidf("photos", "照片需为 JPG 或 PNG 格式，每张不超过8MB", "Photos must be JPG or PNG, at most 8 MB each")
		}
		out = append(out, p)
	}
	switch {
	case len(out) > MaxPhotos:
		return nil, fault.Invalidf("photos", "每次走访最多%d张照片", "At most %d photos per visit", MaxPhotos)
	case len(out) > 0 && dir == "":
		return nil, fault.Invalidf("photos", "暂不接收照片", "Photos are not accepted yet")
	}
	return out, nil
}

// savePhotos writes a visit's photos to dir/ID/1.jpg… (photo.Save: synced
// before the caller's transaction commits).
func savePhotos(ctx context.Context, q store.Querier, dir string, id int64, photos []photo.Photo) error {
	if len(photos) == 0 {
		return nil
	}
	if err := photo.Save(filepath.Join(dir, strconv.FormatInt(id, 10)), 1, photos); err != nil {
		return fmt.Errorf("visit: %w", err)
	}
	if _, err := q.ExecContext(ctx, "UPDATE visits SET photos = ? WHERE id = ?", len(photos), id); err != nil {
		return fmt.Errorf("visit: photos: %w", err)
	}
	return nil
}

// Photos lists the photo files of a visit of the scope ("1.jpg", …): none
// for a visit outside it.
func Photos(ctx context.Context, q store.Querier, scope store.Scope, dir string, visitID int64) ([]string, error) {
	if _, err := Find(ctx, q, scope, visitID); err != nil {
		return nil, err
	}
	return photo.List(filepath.Join(dir, strconv.FormatInt(visitID, 10)))
}

// Photo returns one photo of a visit of the scope; a visit outside it or a
// name not among its photos is store.ErrNotFound.
func Photo(ctx context.Context, q store.Querier, scope store.Scope, dir string, visitID int64, name string) ([]byte, error) {
	if _, err := Find(ctx, q, scope, visitID); err != nil {
		return nil, err
	}
	b, err := photo.Read(filepath.Join(dir, strconv.FormatInt(visitID, 10)), name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("visit: photo %d/%s: %w", visitID, name, store.ErrNotFound)
	}
	return b, err
}
