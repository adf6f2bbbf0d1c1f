package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file under its content-hashed name.
type asset struct {
	body        []byte
	contentType string
}

// assets maps plain names (app.css) to hashed URLs (/static/app.1a2b3c4d5e.css)
// and hashed names to contents. A hashed URL never changes its content, so it
// is cached forever.
type assets struct {
	urls   map[string]string
	byHash map[string]asset
}

func loadAssets() (*assets, error) {
	a := &assets{urls: map[string]string{}, byHash: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := path.Base(p)
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		a.urls[name] = "/static/" + hashed
		a.byHash[hashed] = asset{body: b, contentType: mime.TypeByExtension(ext)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	return a, nil
}

// url returns the hashed URL of a static file; it panics on an unknown name so
// a typo in a template fails every test that renders it.
func (a *assets) url(name string) string {
	u, ok := a.urls[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return u
}

// handleStatic serves a static file by its hashed name.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static.byHash[r.PathValue("file")]
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	if f.contentType != "" {
		h.Set("Content-Type", f.contentType)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
