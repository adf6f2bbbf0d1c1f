package selfreport

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"net/http"
	"os"
	"path/filepath"

	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// Photo limits of the public form.
const (
	MaxPhotos     = 3
	MaxPhotoBytes = 8 << 20 // a phone camera's JPEG fits
)

// ErrPhoto is the family's message for a file that is not a usable photo.
var ErrPhoto = fault.Invalidt("照片需为 JPG 或 PNG 格式，每张不超过8MB，最多3张", "Photos must be JPG or PNG, at most 8 MB each and 3 in all")

// BadPhotos is the form's error for photos that cannot be taken (too many,
// too large, not a photo): ErrPhoto beside the field photos.
var BadPhotos = fieldError(map[string]fault.Text{"photos": ErrPhoto.Msg})

// CleanPhoto checks that b is a JPEG or PNG photo and removes the metadata
// a phone writes into it (Exif with its GPS position, XMP, comments, text
// chunks), keeping the picture bytes unchanged. It returns the cleaned
// photo and its file extension.
func CleanPhoto(b []byte) ([]byte, string, error) {
	if len(b) == 0 || len(b) > MaxPhotoBytes {
		return nil, "", ErrPhoto
	}
	switch http.DetectContentType(b) {
	case "image/jpeg":
		out, err := stripJPEG(b)
		return out, ".jpg", err
	case "image/png":
		out, err := stripPNG(b)
		return out, ".png", err
	}
	return nil, "", ErrPhoto
}

// stripJPEG copies a JPEG, dropping APP1–APP15 segments (Exif, XMP, ICC is
// APP2: dropped too, colours stay close) and comments, up to the image data.
func stripJPEG(b []byte) ([]byte, error) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil, ErrPhoto
	}
	out := bytes.NewBuffer(make([]byte, 0, len(b)))
	out.Write(b[:2])
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return nil, ErrPhoto
		}
		marker := b[i+1]
		if marker == 0xDA { // start of scan: the rest is image data
			out.Write(b[i:])
			return out.Bytes(), nil
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return nil, ErrPhoto
		}
		drop := (marker >= 0xE1 && marker <= 0xEF) || marker == 0xFE
		if !drop {
			out.Write(b[i : i+2+n])
		}
		i += 2 + n
	}
	return nil, ErrPhoto
}

// stripPNG copies a PNG without its text, time and Exif chunks.
func stripPNG(b []byte) ([]byte, error) {
	const sig = "\x89PNG\r\n\x1a\n"
	if len(b) < 8 || string(b[:8]) != sig {
		return nil, ErrPhoto
	}
	out := bytes.NewBuffer(make([]byte, 0, len(b)))
	out.WriteString(sig)
	for i := 8; i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || i+12+n > len(b) {
			return nil, ErrPhoto
		}
		typ := string(b[i+4 : i+8])
		chunk := b[i : i+12+n]
		if crc32.ChecksumIEEE(b[i+4:i+8+n]) != binary.BigEndian.Uint32(b[i+8+n:]) {
			return nil, ErrPhoto
		}
		switch typ {
		case "tEXt", "iTXt", "zTXt", "eXIf", "tIME":
		default:
			out.Write(chunk)
		}
		i += 12 + n
		if typ == "IEND" {
			return out.Bytes(), nil
		}
	}
	return nil, ErrPhoto
}

type cleanPhoto struct {
	data []byte
	ext  string
}

// cleanPhotos checks and strips the uploaded photos.
func cleanPhotos(in [][]byte) ([]cleanPhoto, error) {
	if len(in) > MaxPhotos {
		return nil, BadPhotos
	}
	out := make([]cleanPhoto, 0, len(in))
	for _, b := range in {
		if len(b) == 0 {
			continue // an empty file input
		}
		data, ext, err := CleanPhoto(b)
		if err != nil {
			return nil, BadPhotos
		}
		out = append(out, cleanPhoto{data, ext})
	}
	return out, nil
}

// SetPhotoDir sets where photos are kept (DATA/reports); without it,
// photos are refused rather than dropped.
func (s *Service) SetPhotoDir(dir string) { s.photoDir = dir }

// savePhotos writes the photos of a report to disk and syncs them before
// the report's transaction commits, so an acknowledged photo is never lost;
// a commit that fails leaves only unreferenced files behind.
func (s *Service) savePhotos(ctx context.Context, tx *store.Tx, receipt string, photos []cleanPhoto) error {
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
	dir := filepath.Join(s.photoDir, receipt)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("selfreport: photo folder: %w", err)
	}
	for i, p := range photos {
		if err := writeSynced(filepath.Join(dir, fmt.Sprintf("%d%s", have+i+1, p.ext)), p.data); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, "UPDATE self_reports SET photos = ? WHERE receipt = ?", have+len(photos), receipt)
	return err
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("selfreport: photo: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("selfreport: photo: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("selfreport: photo: %w", err)
	}
	return f.Close()
}

// Photos lists the photo files of a report ("1.jpg", …).
func (s *Service) Photos(receipt string) []string {
	if s.photoDir == "" || filepath.Base(receipt) != receipt || receipt == "" {
		return nil
	}
	entries, err := os.ReadDir(filepath.Join(s.photoDir, receipt))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// Photo returns one photo of a report, or an error.
func (s *Service) Photo(receipt, name string) ([]byte, error) {
	for _, n := range s.Photos(receipt) {
		if n == name {
			return os.ReadFile(filepath.Join(s.photoDir, receipt, name))
		}
	}
	return nil, fmt.Errorf("selfreport: photo %s/%s: %w", receipt, name, store.ErrNotFound)
}
