package visit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"fangpin/internal/fault"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// MaxPhotos is how many photos one visit keeps.
const MaxPhotos = 6

type photo struct {
	data []byte
	ext  string
}

// cleanPhotos checks the photos and strips their metadata with the
// self-report's cleaner (Exif with the GPS position, XMP, comments, text
// chunks; the picture bytes unchanged).
func cleanPhotos(in [][]byte, dir string) ([]photo, error) {
	var out []photo
	for _, b := range in {
		if len(b) == 0 {
			continue // an empty file input
		}
		data, ext, err := selfreport.CleanPhoto(b)
		if err != nil {
			return nil, fault.Invalidf("photos", "照片需为 JPG 或 PNG 格式，每张不超过8MB", "Photos must be JPG or PNG, at most 8 MB each")
		}
		out = append(out, photo{data, ext})
	}
	switch {
	case len(out) > MaxPhotos:
		return nil, fault.Invalidf("photos", "每次走访最多%d张照片", "At most %d photos per visit", MaxPhotos)
	case len(out) > 0 && dir == "":
		return nil, fault.Invalidf("photos", "暂不接收照片", "Photos are not accepted yet")
	}
	return out, nil
}

// savePhotos writes a visit's photos to dir/ID/1.jpg… and syncs them
// before the caller's transaction commits, so that a recorded photo is
// never lost; a commit that fails leaves only unreferenced files behind.
func savePhotos(ctx context.Context, q store.Querier, dir string, id int64, photos []photo) error {
	if len(photos) == 0 {
		return nil
	}
	folder := filepath.Join(dir, strconv.FormatInt(id, 10))
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return fmt.Errorf("visit: photo folder: %w", err)
	}
	for i, p := range photos {
		if err := writeSynced(filepath.Join(folder, strconv.Itoa(i+1)+p.ext), p.data); err != nil {
			return err
		}
	}
	if _, err := q.ExecContext(ctx, "UPDATE visits SET photos = ? WHERE id = ?", len(photos), id); err != nil {
		return fmt.Errorf("visit: photos: %w", err)
	}
	return nil
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("visit: photo: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("visit: photo: %w", err)
	}
	return nil
}

// Photos lists the photo files of a visit of the scope ("1.jpg", …): none
// for a visit outside it.
func Photos(ctx context.Context, q store.Querier, scope store.Scope, dir string, visitID int64) ([]string, error) {
	if _, err := Find(ctx, q, scope, visitID); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(filepath.Join(dir, strconv.FormatInt(visitID, 10)))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("visit: photos of visit %d: %w", visitID, err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out, nil
}

// Photo returns one photo of a visit of the scope; a visit outside it or a
// name not among its photos is store.ErrNotFound.
func Photo(ctx context.Context, q store.Querier, scope store.Scope, dir string, visitID int64, name string) ([]byte, error) {
	names, err := Photos(ctx, q, scope, dir, visitID)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if n == name {
			return os.ReadFile(filepath.Join(dir, strconv.FormatInt(visitID, 10), n))
		}
	}
	return nil, fmt.Errorf("visit: photo %d/%s: %w", visitID, name, store.ErrNotFound)
}
