// Package web serves fangpin's staff pages, its JSON API (CONTRACT §2), the
// health check and the metrics. Handlers only translate HTTP to calls of the
// domain packages and render the result; every store call gets its region
// scope from Server.scope.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// Config wires a Server.
type Config struct {
	DB   *store.DB
	Keys *pii.Keys // for searching households by ID number; nil disables that search
	// Root is the region shown at "/" (e.g. the demo city 620300000000). When
	// empty, it is the deepest region holding all households of the caller's
	// scope, or the national list of provinces when there are none.
	Root    string
	Version string
	Logger  *slog.Logger // nil means slog.Default()
}

// Server serves the pages and the API.
type Server struct {
	cfg     Config
	log     *slog.Logger
	pages   pages
	static  *assets
	metrics *metrics
	now     func() time.Time
	// fixed, when valid, is the scope of every request: a test seam until
	// access control supplies the logged-in user's scope.
	fixed store.Scope
}

// New checks the configuration and prepares templates and static files.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("web: Config.DB is required")
	}
	if cfg.Root != "" {
		if _, err := store.SignificantPrefix(cfg.Root); err != nil {
			return nil, errors.New("web: Config.Root: " + err.Error())
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	st, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, static: st, metrics: newMetrics(), now: time.Now}
	if s.pages, err = loadPages(s.funcs); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler returns the HTTP handler: the routes wrapped in the middleware.
func (s *Server) Handler() http.Handler {
	return s.middleware(s.routes())
}

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleRoot)
	mux.HandleFunc("GET /overview", s.handleOverview)
	mux.HandleFunc("GET /households", s.handleHouseholds)
	mux.HandleFunc("GET /households/{code}", s.handleHousehold)
	mux.HandleFunc("GET /static/{file}", s.handleStatic)
	mux.HandleFunc("GET /healthz", s.handleHealthz)
	mux.HandleFunc("GET /metrics", s.handleMetrics)
	mux.HandleFunc("GET /api/v1/regions/{code}", s.apiRegion)
	mux.HandleFunc("GET /api/v1/stats/overview", s.apiOverview)
	mux.HandleFunc("GET /api/v1/households", s.apiHouseholds)
	mux.HandleFunc("GET /api/v1/households/{code}", s.apiHousehold)
	mux.HandleFunc("/", s.handleNotFound)
	return mux
}

// scope is the region the request may see. Every handler takes its scope
// here; the access-control work replaces the body with the logged-in user's
// scope.
func (s *Server) scope(r *http.Request) store.Scope {
	if s.fixed.Valid() {
		return s.fixed
	}
	return store.ScopeAll()
}
