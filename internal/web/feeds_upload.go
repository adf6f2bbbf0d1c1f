package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"fangpin/internal/fault"
	"fangpin/internal/tabular"
)

// defaultMaxFeedSize bounds an uploaded department file unless
// Config.MaxFeedSize says otherwise.
const defaultMaxFeedSize = 200 << 20

// maxFeedSize is the largest department file accepted.
func (s *Server) maxFeedSize() int64 {
	if s.cfg.MaxFeedSize > 0 {
		return s.cfg.MaxFeedSize
	}
	return defaultMaxFeedSize
}

// feedBodyLimit is the request body bound of a feed or retrofit upload (the middleware
// applies it): the file and a margin for the form's other fields, so that a
// file just over the bound gets the size message, not a cut request.
func (s *Server) feedBodyLimit(r *http.Request) (int64, bool) {
	if r.Method != http.MethodPost || r.URL.Path != "/feeds" && r.URL.Path != "/retrofits/import" && !strings.HasPrefix(r.URL.Path, "/api/v1/feeds/") {
		return 0, false
	}
	return s.maxFeedSize() + 1<<20, true
}

// upload is a department file saved under the upload folder.
type upload struct {
	path, name string
}

// receiveFeed saves the multipart field "file" of a feed upload under
// DataDir/uploads, checking its size and its extension.
func (s *Server) receiveFeed(r *http.Request) (upload, error) {
	f, hdr, err := r.FormFile("file")
	if r.MultipartForm != nil { // the server removes the spooled parts of its own request only
		defer r.MultipartForm.RemoveAll()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return upload{}, s.tooLarge()
	case err != nil:
		return upload{}, badRequest("file", fault.T("请选择要上传的文件（CSV 或 XLSX，表单字段 file）", "choose a file to upload (CSV or XLSX, form field file)"))
	}
	defer f.Close()
	if hdr.Size > s.maxFeedSize() {
		return upload{}, s.tooLarge()
	}
	name := baseName(hdr.Filename)
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".csv" && ext != ".xlsx" {
		return upload{}, unprocessable("file", fault.T("文件应为 CSV（.csv）或 Excel（.xlsx）格式", "the file must be CSV (.csv) or Excel (.xlsx)"))
	}
	path, err := s.spool(f, ext)
	return upload{path: path, name: name}, err
}

// tooLarge is the error of a file over the size bound.
func (s *Server) tooLarge() error {
	return tooLargeField("file", fault.T("文件不能超过 %s", "The file must not exceed %s", sizeText(s.maxFeedSize())))
}

// sizeText shows a number of bytes in MB when it is at least one.
func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d 字节", n)
}

// baseName is the file name without any folder a browser may send.
func baseName(name string) string {
	name = tabular.Echo(name[strings.LastIndexAny(name, `/\`)+1:]) // shown in pages, job results and the audit log
	if name == "" || name == "." || name == ".." {
		return "upload"
	}
	return name
}

// spool copies an upload to a new file in the upload folder.
func (s *Server) spool(r io.Reader, ext string) (string, error) {
	dir := s.uploadDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("web: upload folder: %w", err)
	}
	f, err := os.CreateTemp(dir, "feed-*"+ext)
	if err != nil {
		return "", fmt.Errorf("web: spool upload: %w", err)
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("web: spool upload: %w", err)
	}
	return f.Name(), nil
}

// uploadDir is where uploads wait for their import.
func (s *Server) uploadDir() string {
	if s.cfg.DataDir == "" {
		return filepath.Join(os.TempDir(), "fangpin-uploads")
	}
	return filepath.Join(s.cfg.DataDir, "uploads")
}

// removeUpload deletes an upload that will not be imported.
func removeUpload(up upload) { os.Remove(up.path) }
