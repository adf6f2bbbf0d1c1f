package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// withExif inserts an APP1 Exif segment carrying a GPS-like marker after SOI.
func withExif(j []byte) []byte {
	payload := append([]byte("Exif\x00\x00"), []byte("GPSLatitude=38.5;GPSLongitude=102.2")...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(append(append([]byte{}, j[:2]...), append(seg, payload...)...), j[2:]...)
}

func pngChunk(typ string, data []byte) []byte {
	c := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(c, uint32(len(data)))
	copy(c[4:], typ)
	c = append(c, data...)
	crc := make([]byte, 4)
	binary.BigEndian.PutUint32(crc, crc32.ChecksumIEEE(c[4:]))
	return append(c, crc...)
}

func TestCleanPhoto(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var jb, pb bytes.Buffer
	jpeg.Encode(&jb, img, nil)
	png.Encode(&pb, img)
	j := withExif(jb.Bytes())
	out, err := Clean(j)
	if err != nil || out.Ext != ".jpg" || bytes.Contains(out.Data, []byte("GPS")) {
		t.Fatalf("jpeg: %v %s gps kept=%v", err, out.Ext, bytes.Contains(out.Data, []byte("GPS")))
	}
	if _, err := jpeg.Decode(bytes.NewReader(out.Data)); err != nil {
		t.Fatalf("cleaned JPEG does not decode: %v", err)
	}
	p := pb.Bytes()
	p = append(append(append([]byte{}, p[:33]...), pngChunk("tEXt", []byte("GPS\x00here"))...), p[33:]...)
	out, err = Clean(p)
	if err != nil || out.Ext != ".png" || bytes.Contains(out.Data, []byte("GPS")) {
		t.Fatalf("png: %v %s", err, out.Ext)
	}
	if _, err := png.Decode(bytes.NewReader(out.Data)); err != nil {
		t.Fatalf("cleaned PNG does not decode: %v", err)
	}
	for _, bad := range [][]byte{nil, []byte("GIF89a......"), []byte("<html>"), jb.Bytes()[:10], make([]byte, MaxBytes+1)} {
		if _, err := Clean(bad); !errors.Is(err, ErrNotPhoto) {
			t.Errorf("accepted a bad file (%d bytes)", len(bad))
		}
	}
}

// TestSave: photos are written under their numbers, listed in order, and
// only a listed name is read.
func TestSave(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "R123")
	if err := Save(dir, 1, nil); err != nil {
		t.Fatal(err)
	}
	if names, err := List(dir); err != nil || names != nil {
		t.Fatalf("nothing saved: %v %v", names, err)
	}
	if err := Save(dir, 1, []Photo{{[]byte("a"), ".jpg"}, {[]byte("b"), ".png"}}); err != nil {
		t.Fatal(err)
	}
	if err := Save(dir, 3, []Photo{{[]byte("c"), ".jpg"}}); err != nil { // a later addition
		t.Fatal(err)
	}
	names, err := List(dir)
	if err != nil || !slices.Equal(names, []string{"1.jpg", "2.png", "3.jpg"}) {
		t.Fatalf("List = %v, %v", names, err)
	}
	if b, err := Read(dir, "2.png"); err != nil || string(b) != "b" {
		t.Errorf("Read = %q, %v", b, err)
	}
	os.WriteFile(filepath.Join(root, "secret"), []byte("x"), 0o600)
	for _, name := range []string{"../secret", "4.jpg", ""} {
		if _, err := Read(dir, name); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Read(%q): %v", name, err)
		}
	}
}

// TestCleanMultiPicture: a phone's multi-picture JPEG (a second image with
// its own Exif and GPS appended after the first one's end) keeps only the
// primary image; a progressive JPEG keeps all its scans (issue 15, item 4).
func TestCleanMultiPicture(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	var jb bytes.Buffer
	jpeg.Encode(&jb, img, nil)
	prog, err := os.ReadFile("testdata/progressive.jpg")
	if err != nil {
		t.Fatal(err)
	}
	for name, primary := range map[string][]byte{"baseline": jb.Bytes(), "progressive": prog} {
		mpo := append(append([]byte{}, primary...), withExif(jb.Bytes())...)
		out, err := Clean(mpo)
		if err != nil || bytes.Contains(out.Data, []byte("GPS")) || !bytes.HasSuffix(out.Data, []byte{0xFF, 0xD9}) {
			t.Fatalf("%s: %v, GPS kept: %v", name, err, bytes.Contains(out.Data, []byte("GPS")))
		}
		if len(out.Data) > len(primary) {
			t.Errorf("%s: %d bytes out of a primary image of %d", name, len(out.Data), len(primary))
		}
		want, _ := jpeg.Decode(bytes.NewReader(primary))
		got, err := jpeg.Decode(bytes.NewReader(out.Data))
		if err != nil || !slices.Equal(got.(*image.YCbCr).Y, want.(*image.YCbCr).Y) {
			t.Errorf("%s: the cleaned image differs (%v)", name, err)
		}
	}
}
