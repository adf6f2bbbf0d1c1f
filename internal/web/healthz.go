package web

import (
	"context"
	"net/http"
	"time"
)

// handleHealthz answers 200 "ok" when the database answers and is fully
// migrated, else 503 with the reason.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.cfg.DB.Ping(ctx); err != nil {
		s.log.ErrorContext(ctx, "healthz: ping", "err", err)
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	pending, err := s.cfg.DB.Pending(ctx)
	if err != nil {
		s.log.ErrorContext(ctx, "healthz: migrations", "err", err)
		http.Error(w, "cannot read migration state", http.StatusServiceUnavailable)
		return
	}
	if pending {
		http.Error(w, "migrations pending", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}
