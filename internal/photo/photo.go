// Package photo checks uploaded photos, strips what a phone writes into them
// (Exif with the GPS position, XMP, comments, text chunks) and keeps them on
// disk durably. The public self-report and home visits share it.
package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// MaxBytes bounds one photo: a phone camera's JPEG fits.
const MaxBytes = 8 << 20

// ErrNotPhoto is a file that is not a JPEG or PNG photo of at most MaxBytes.
var ErrNotPhoto = errors.New("照片需为 JPG 或 PNG 格式，每张不超过8MB")

// Photo is a cleaned photo: the picture without metadata, and its file
// extension (".jpg" or ".png").
type Photo struct {
	Data []byte
	Ext  string
}

// Clean checks that b is a JPEG or PNG photo and removes its metadata,
// keeping the picture bytes unchanged.
func Clean(b []byte) (Photo, error) {
	if len(b) == 0 || len(b) > MaxBytes {
		return Photo{}, ErrNotPhoto
	}
	switch http.DetectContentType(b) {
	case "image/jpeg":
		out, err := stripJPEG(b)
		return Photo{out, ".jpg"}, err
	case "image/png":
		out, err := stripPNG(b)
		return Photo{out, ".png"}, err
	}
	return Photo{}, ErrNotPhoto
}

// stripJPEG copies a JPEG's primary image, dropping APP1–APP15 segments
// (Exif, XMP; ICC is APP2: dropped too, colours stay close) and comments,
// and ending at the image's end (EOI): whatever follows, such as the second
// picture of a phone's multi-picture file with its own Exif and GPS, is
// not copied. Every scan is followed, so progressive files keep all their
// scans.
func stripJPEG(b []byte) ([]byte, error) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil, ErrNotPhoto
	}
	out := bytes.NewBuffer(make([]byte, 0, len(b)))
	out.Write(b[:2])
	scanned := false
	for i := 2; i+2 <= len(b); {
		if b[i] != 0xFF {
			return nil, ErrNotPhoto
		}
		marker := b[i+1]
		switch {
		case marker == 0xFF: // a fill byte before a marker
			i++
			continue
		case marker == 0xD9: // end of image: the rest is not this picture
			if !scanned {
				return nil, ErrNotPhoto
			}
			out.Write(b[i : i+2])
			return out.Bytes(), nil
		case marker == 0x01 || marker >= 0xD0 && marker <= 0xD7: // no length
			out.Write(b[i : i+2])
			i += 2
			continue
		}
		if i+4 > len(b) {
			return nil, ErrNotPhoto
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return nil, ErrNotPhoto
		}
		if drop := (marker >= 0xE1 && marker <= 0xEF) || marker == 0xFE; !drop {
			out.Write(b[i : i+2+n])
		}
		i += 2 + n
		if marker == 0xDA { // start of scan: its entropy-coded data runs to the next marker
			j := scanEnd(b, i)
			out.Write(b[i:j])
			i, scanned = j, true
		}
	}
	if !scanned {
		return nil, ErrNotPhoto
	}
	out.Write([]byte{0xFF, 0xD9}) // a file cut after its data: end it cleanly
	return out.Bytes(), nil
}

// scanEnd returns where the entropy-coded data that starts at i ends: the
// first marker other than a stuffed zero or a restart marker.
func scanEnd(b []byte, i int) int {
	for ; i+1 < len(b); i++ {
		if b[i] != 0xFF {
			continue
		}
		if m := b[i+1]; m != 0x00 && !(m >= 0xD0 && m <= 0xD7) && m != 0xFF {
			return i
		}
	}
	return len(b)
}

// stripPNG copies a PNG without its text, time and Exif chunks.
func stripPNG(b []byte) ([]byte, error) {
	const sig = "\x89PNG\r\n\x1a\n"
	if len(b) < 8 || string(b[:8]) != sig {
		return nil, ErrNotPhoto
	}
	out := bytes.NewBuffer(make([]byte, 0, len(b)))
	out.WriteString(sig)
	for i := 8; i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || i+12+n > len(b) {
			return nil, ErrNotPhoto
		}
		typ := string(b[i+4 : i+8])
		chunk := b[i : i+12+n]
		if crc32.ChecksumIEEE(b[i+4:i+8+n]) != binary.BigEndian.Uint32(b[i+8+n:]) {
			return nil, ErrNotPhoto
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
	return nil, ErrNotPhoto
}

// Save writes photos into dir as first.jpg, first+1.png…, creating dir, and
// syncs each file, then dir and its parent, before it returns: the caller
// saves before its transaction commits, so a photo it acknowledges is never
// lost, and a commit that fails leaves only unreferenced files behind.
func Save(dir string, first int, photos []Photo) error {
	if len(photos) == 0 {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("photo: folder: %w", err)
	}
	for i, p := range photos {
		if err := writeSynced(filepath.Join(dir, strconv.Itoa(first+i)+p.Ext), p.Data); err != nil {
			return err
		}
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dir)) // the folder's own entry, when it is new
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("photo: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("photo: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("photo: %w", err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("photo: sync %s: %w", dir, err)
	}
	return nil
}

// List names the photo files kept in dir ("1.jpg", …) in order; none when
// dir does not exist.
func List(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("photo: %w", err)
	}
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out, nil
}

// Read returns the photo name of dir when List names it (so that a name
// from a request cannot reach another file), else os.ErrNotExist.
func Read(dir, name string) ([]byte, error) {
	names, err := List(dir)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(names, name) {
		return nil, fmt.Errorf("photo: %s/%s: %w", dir, name, os.ErrNotExist)
	}
	return os.ReadFile(filepath.Join(dir, name))
}
