package photo

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"testing"
)

// FuzzClean: whatever is uploaded, Clean does not panic; what it accepts is
// a JPEG from SOI to EOI that decodes as the upload did, or a PNG without
// text chunks it did not have, and cleaning it again changes nothing.
func FuzzClean(f *testing.F) {
	var jb, pb bytes.Buffer
	jpeg.Encode(&jb, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	png.Encode(&pb, image.NewGray(image.Rect(0, 0, 4, 4)))
	f.Add(jb.Bytes())
	f.Add(withExif(jb.Bytes()))
	f.Add(append(append([]byte{}, jb.Bytes()...), withExif(jb.Bytes())...))
	f.Add(pb.Bytes())
	if prog, err := os.ReadFile("testdata/progressive.jpg"); err == nil {
		f.Add(prog)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Clean(b)
		if err != nil {
			return
		}
		switch p.Ext {
		case ".jpg":
			if !bytes.HasPrefix(p.Data, []byte{0xFF, 0xD8}) || !bytes.HasSuffix(p.Data, []byte{0xFF, 0xD9}) {
				t.Fatalf("cleaned JPEG does not run from SOI to EOI")
			}
			if in, err := jpeg.Decode(bytes.NewReader(b)); err == nil {
				out, err := jpeg.Decode(bytes.NewReader(p.Data))
				if err != nil || out.Bounds() != in.Bounds() {
					t.Fatalf("a JPEG that decoded no longer does: %v", err)
				}
			}
		case ".png":
			if bytes.Contains(p.Data, []byte("tEXt")) && !bytes.Contains(b, []byte("tEXt")) {
				t.Fatalf("text chunk appeared")
			}
		}
		again, err := Clean(p.Data)
		if err != nil || !bytes.Equal(again.Data, p.Data) {
			t.Fatalf("cleaning twice differs: %v", err)
		}
	})
}
