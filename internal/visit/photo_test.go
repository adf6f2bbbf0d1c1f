package visit

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"
)

// TestVisitPhotoMultiPicture: a visit photo taken as a multi-picture JPEG
// (a second image with GPS appended) is stored without the appended image
// (issue 15, item 4).
func TestVisitPhotoMultiPicture(t *testing.T) {
	t.Parallel()
	var jb bytes.Buffer
	jpeg.Encode(&jb, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	second := append(append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 14}, "Exif\x00\x00GPS\x00"...), jb.Bytes()[2:]...)
	out, err := cleanPhotos([][]byte{append(append([]byte{}, jb.Bytes()...), second...)}, t.TempDir())
	if err != nil || len(out) != 1 || bytes.Contains(out[0].Data, []byte("GPS")) || len(out[0].Data) > jb.Len() {
		t.Fatalf("%v: %d photos, GPS kept: %v", err, len(out), len(out) == 1 && bytes.Contains(out[0].Data, []byte("GPS")))
	}
}
