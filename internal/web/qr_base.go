package web

import (
	"net/http"

	"fangpin/internal/audit"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// publicBase is the address the QR codes carry: the setting when an
// administrator set one, else the address this page was opened at.
func (s *Server) publicBase(r *http.Request) (string, error) {
	v, err := selfreport.BaseURL(r.Context(), s.cfg.DB.Reader())
	if err != nil || v != "" {
		return v, err
	}
	return baseURL(r), nil
}

// qrBase is what the QR page says about its address.
type qrBase struct {
	URL      string // the address the codes carry
	Set      bool   // set by an administrator
	Loopback bool   // phones cannot reach it
	Problem  string // the setting form's problem
}

func (s *Server) qrBase(r *http.Request) (qrBase, error) {
	b := qrBase{}
	v, err := selfreport.BaseURL(r.Context(), s.cfg.DB.Reader())
	if err != nil {
		return b, err
	}
	b.URL, b.Set = v, v != ""
	if !b.Set {
		b.URL = baseURL(r)
	}
	b.Loopback = selfreport.Loopback(b.URL)
	return b, nil
}

// handleQRBase serves POST /qr/base-url: an administrator sets the public
// address of the QR codes (audited), then the QR page.
func (s *Server) handleQRBase(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	err := s.cfg.DB.Transact(ctx, func(tx *store.Tx) error {
		v, err := selfreport.SetBaseURL(ctx, tx, r.PostFormValue("base_url"))
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "setting.set", Entity: "setting", EntityID: selfreport.KeyBaseURL,
			Detail: map[string]string{"value": v}})
	})
	if err != nil {
		s.formError(w, r, err, "base_url", func(_ int, f formState) { s.renderQR(w, r, http.StatusUnprocessableEntity, f.Problem) })
		return
	}
	http.Redirect(w, r, link("/qr", "region", r.PostFormValue("region")), http.StatusSeeOther)
}

// qrLinks are the report links of the villages under code, at publicBase.
func (s *Server) qrLinks(r *http.Request, code string) ([]selfreport.Link, error) {
	base, err := s.publicBase(r)
	if err != nil {
		return nil, err
	}
	return s.reports.Links(r.Context(), s.scope(r), code, base)
}
