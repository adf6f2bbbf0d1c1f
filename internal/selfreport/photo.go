package selfreport

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fangpin/internal/fault"
	"fangpin/internal/photo"
	"fangpin/internal/store"
)

// Photo limits of the public form.
const (
	MaxPhotos     = 3
	MaxPhotoBytes = photo.MaxBytes
)

// ErrPhoto is the family's message for a file that is not a usable photo.
var ErrPhoto = fault.Invalidt("照片需为 JPG 或 PNG 格式，每张不超过8MB，最多3张", "Photos must be JPG or PNG, at most 8 MB each and 3 in all")

// BadPhotos is the form's error for photos that cannot be taken (too many,
// too large, not a photo): ErrPhoto beside the field photos.
var BadPhotos = fieldError(map[string]fault.Text{"photos": ErrPhoto.Msg})

// cleanPhotos checks and strips the uploaded photos (photo.Clean).
func cleanPhotos(in [][]byte) ([]photo.Photo, error) {
	if len(in) > MaxPhotos {
		return nil, BadPhotos
	}
	out := make([]photo.Photo, 0, len(in))
	for _, b := range in {
		if len(b) == 0 {
			continue // an empty file input
		}
		p, err := photo.Clean(b)
		if err != nil {
			return nil, BadPhotos
		}
		out = append(out, p)
	}
	return out, nil
}

// SetPhotoDir sets where photos are kept (DATA/reports); without it,
// photos are refused rather than dropped.
func (s *Service) SetPhotoDir(dir string) { s.photoDir = dir }

// savePhotos writes the photos of a report to disk and syncs them before
// the report's transaction commits, so an acknowledged photo is never lost;
// a commit that fails leaves only unreferenced files behind.
func (s *Service) savePhotos(ctx context.Context, tx *store.Tx, receipt string, photos []photo.Photo) error {
	if len(photos) == 0 {
		return nil
	}
	if s.photoDir == "" {
		return fieldError(map[string]fault.Text{"photos": fault.T("暂不接收照片，请在描述中说明情况", "Photos are not taken yet: please describe the situation in words")})
	}
	var have int
	if err := tx.QueryRowContext(ctx, "SELECT photos FROM self_reports WHERE receipt = ?", receipt).Scan(&have); err != nil {
		return fmt.Errorf("selfreport: photos: %w", err)
	}
	if have+len(photos) > MaxPhotos*3 {
		return fieldError(map[string]fault.Text{"photos": fault.T("这份申报的照片已经够多了，请联系村干部补充材料", "This report has enough photos: please give further material to your village cadres")})
	}
	if err := photo.Save(filepath.Join(s.photoDir, receipt), have+1, photos); err != nil {
		return fmt.Errorf("selfreport: %w", err)
	}
	_, err := tx.ExecContext(ctx, "UPDATE self_reports SET photos = ? WHERE receipt = ?", have+len(photos), receipt)
	return err
}

// Photos lists the photo files of a report ("1.jpg", …).
func (s *Service) Photos(receipt string) []string {
	if s.photoDir == "" || filepath.Base(receipt) != receipt || receipt == "" {
		return nil
	}
	names, _ := photo.List(filepath.Join(s.photoDir, receipt))
	return names
}

// Photo returns one photo of a report, or an error.
func (s *Service) Photo(receipt, name string) ([]byte, error) {
	if s.photoDir == "" || filepath.Base(receipt) != receipt || receipt == "" {
		return nil, fmt.Errorf("selfreport: photo %s/%s: %w", receipt, name, store.ErrNotFound)
	}
	b, err := photo.Read(filepath.Join(s.photoDir, receipt), name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("selfreport: photo %s/%s: %w", receipt, name, store.ErrNotFound)
	}
	return b, err
}
