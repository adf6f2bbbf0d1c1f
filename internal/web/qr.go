package web

import (
	"net/http"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/regcode"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// qrPage lists the 一键报贫 links of the villages under a region.
type qrPage struct {
	layout
	Links     []selfreport.Link
	Base      qrBase // the address the codes carry, and whether phones reach it
	CanRevoke bool
}

// baseURL is the address farmers' phones reach this server at, as the
// request shows it.
func baseURL(r *http.Request) string {
	scheme := "http"
	if secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// handleQR serves GET /qr?region=: the villages' report links, with their
// QR codes, print sheets and a revoke button.
func (s *Server) handleQR(w http.ResponseWriter, r *http.Request) {
	s.renderQR(w, r, http.StatusOK, "")
}

func (s *Server) renderQR(w http.ResponseWriter, r *http.Request, status int, problem string) {
	code, err := s.regionParam(r.Context(), r, s.scope(r), false)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &qrPage{layout: s.newLayout(w, r, "qr.title", "selfreports")}
	if v.Base, err = s.qrBase(r); err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Base.Problem = problem
	if v.Links, err = s.reports.Links(r.Context(), s.scope(r), code, v.Base.URL); err != nil {
		s.pageError(w, r, err)
		return
	}
	v.CanRevoke = canRevokeQR(currentUser(r))
	chain, err := s.chain(r.Context(), code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.setRegion(&v.layout, s.scope(r), chain, func(c string) string { return link("/qr", "region", c) })
	s.render(w, r, status, "qr", v)
}

// handleQRSheets serves GET /qr/sheets?region=: one printable A4 sheet per
// village. The page is self-contained (inline styles, images as data), so
// it gets its own strict policy without scripts.
func (s *Server) handleQRSheets(w http.ResponseWriter, r *http.Request) {
	code, err := s.regionParam(r.Context(), r, s.scope(r), false)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	links, err := s.qrLinks(r, code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	// Streamed, a sheet at a time (a city's 182 villages take about a
	// second to draw); a failure half-way can only cut the page short.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := selfreport.WriteSheets(w, links); err != nil && r.Context().Err() == nil {
		s.log.ErrorContext(r.Context(), "qr sheets", "region", code, "err", err)
	}
}

// handleQRPNG serves GET /qr/{village}.png.
func (s *Server) handleQRPNG(w http.ResponseWriter, r *http.Request) {
	village := strings.TrimSuffix(r.PathValue("file"), ".png")
	links, err := s.qrLinks(r, village)
	if err != nil || len(links) != 1 {
		s.pageError(w, r, store.ErrNotFound)
		return
	}
	png, err := selfreport.QRPNG(links[0].URL, 600)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Write(png)
}

// handleQRRevoke serves POST /qr/{village}/revoke: a lost or misused sheet
// stops working; the village gets a new code.
func (s *Server) handleQRRevoke(w http.ResponseWriter, r *http.Request) {
	village := r.PathValue("village")
	if err := checkCode("village", village); err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.reports.RevokeToken(r.Context(), s.scope(r), village); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.audit(r.Context(), audit.Event{Action: "qr.revoke", Entity: "village", EntityID: village, Region: village})
	http.Redirect(w, r, link("/qr", "region", regcode.AncestorAt(village, regcode.Township)), http.StatusSeeOther)
}

// needQR is who may manage QR codes: those who may edit the registry.
func (s *Server) needQR(h http.HandlerFunc) http.HandlerFunc { return s.need(auth.PermEditRegistry, h) }

// canRevokeQR: township cadres and up may revoke a village's QR code; a
// village's own cadres may not (they could silence their families' channel).
func canRevokeQR(u auth.User) bool {
	return u.Can(auth.PermEditRegistry) && u.Role != auth.RoleVillage
}

// needQRRevoke guards the revoke route with canRevokeQR.
func (s *Server) needQRRevoke(h http.HandlerFunc) http.HandlerFunc {
	return s.guard("qr_revoke", canRevokeQR, h)
}
