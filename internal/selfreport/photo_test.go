package selfreport

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
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
	out, ext, err := CleanPhoto(j)
	if err != nil || ext != ".jpg" || bytes.Contains(out, []byte("GPS")) {
		t.Fatalf("jpeg: %v %s gps kept=%v", err, ext, bytes.Contains(out, []byte("GPS")))
	}
	if _, err := jpeg.Decode(bytes.NewReader(out)); err != nil {
		t.Fatalf("cleaned JPEG does not decode: %v", err)
	}
	p := pb.Bytes()
	p = append(append(append([]byte{}, p[:33]...), pngChunk("tEXt", []byte("GPS\x00here"))...), p[33:]...)
	out, ext, err = CleanPhoto(p)
	if err != nil || ext != ".png" || bytes.Contains(out, []byte("GPS")) {
		t.Fatalf("png: %v %s", err, ext)
	}
	if _, err := png.Decode(bytes.NewReader(out)); err != nil {
		t.Fatalf("cleaned PNG does not decode: %v", err)
	}
	for _, bad := range [][]byte{nil, []byte("GIF89a......"), []byte("<html>"), jb.Bytes()[:10], make([]byte, MaxPhotoBytes+1)} {
		if _, _, err := CleanPhoto(bad); !errors.Is(err, ErrPhoto) {
			t.Errorf("accepted a bad file (%d bytes)", len(bad))
		}
	}
}
