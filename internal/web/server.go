// Package web serves fangpin's staff pages, its JSON API (docs/api.md), the
// health check and the metrics. Handlers only translate HTTP to calls of the
// domain packages and render the result; every store call gets its region
// scope from Server.scope.
package web

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/pii"
	"fangpin/internal/regcode"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
	"fangpin/internal/tick"
	"fangpin/internal/visit"
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
	Auth    *auth.Service
	Audit   *audit.Log          // nil means audit.New(DB)
	Reports *selfreport.Service // nil means selfreport.New(DB, Keys)
	// Deadlines computes the working-day deadlines of cases cadres open;
	// nil opens them without deadlines (noted on the case).
	Deadlines casework.Deadlines
	// VisitPhotos is the folder of home visits' photos (DATA/visits); ""
	// records visits without photos.
	VisitPhotos string
	// DataDir keeps uploaded department files while they are imported
	// (DataDir/uploads); empty: the system's temporary folder.
	DataDir string
	// MaxFeedSize bounds an uploaded department file, in bytes (0: 200 MB).
	MaxFeedSize int64
	// MetricsToken lets a scraper read /metrics without a login, sent as
	// "Authorization: Bearer TOKEN"; "" allows only administrators.
	MetricsToken string
	// Background is the parent context of background jobs (feed imports,
	// screens); cancelling it stops them. nil: context.Background().
	Background context.Context
}

// Server serves the pages and the API.
type Server struct {
	cfg     Config
	log     *slog.Logger
	pages   *pages
	static  *assets
	metrics *metrics
	now     func() time.Time
	reports *selfreport.Service
	visits  *visit.Lists // the must-visit lists, remembered while their data stand still
	public  map[string]*template.Template
	work    sync.WaitGroup // background jobs still running (Wait)
	names   nameCache      // region names by code (labels.go)
	muxOnce sync.Once
	mux     *http.ServeMux // the route table, built once (router)
}

// New checks the configuration and prepares templates and static files.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil || cfg.Auth == nil {
		return nil, errors.New("web: Config.DB and Config.Auth are required")
	}
	if cfg.Audit == nil {
		cfg.Audit = audit.New(cfg.DB)
	}
	if cfg.Root != "" {
		if _, err := regcode.Prefix(cfg.Root); err != nil {
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
	f := s.funcs(langZH)
	if s.public, err = loadPublicPages(f); err != nil {
		return nil, err
	}
	if s.reports = cfg.Reports; s.reports == nil {
		s.reports = selfreport.New(cfg.DB, cfg.Keys)
	}
	s.visits = visit.NewLists(cfg.DB)
	if cfg.Background != nil {
		s.work.Add(1)
		go func() {
			defer s.work.Done()
			s.refreshVisits(cfg.Background, visitRefresh)
		}()
	}
	return s, nil
}

// visitRefresh is how often the server refreshes the must-visit lists
// asked for (visit.Lists.Refresh).
const visitRefresh = time.Minute

// refreshVisits keeps the must-visit lists asked for in the last day ready
// for today, every d until ctx ends: the first request of a day, or the
// first after a cadre's change, then finds its list computed.
func (s *Server) refreshVisits(ctx context.Context, d time.Duration) {
	tick.Every(ctx, d, func(ctx context.Context) error { return s.visits.Refresh(ctx, s.now()) },
		func(err error) { s.log.Error("must-visit lists", "err", err) })
}

// Handler returns the HTTP handler: the routes wrapped in the middleware.
func (s *Server) Handler() http.Handler {
	return s.middleware(s.authenticate(recordPattern(s.router())))
}

// route is one pattern of the mux and its handler.
type route struct {
	pattern string
	handler http.HandlerFunc
}

// routeTable lists every route; tests walk it to prove that each one keeps
// to the user's scope.
func (s *Server) routeTable() []route {
	view := func(h http.HandlerFunc) http.HandlerFunc { return s.need(auth.PermViewRegistry, h) }
	audited := func(h http.HandlerFunc) http.HandlerFunc { return s.need(auth.PermViewAudit, h) }
	rts := []route{
		{"GET /{$}", s.handleRoot},
		{"GET /overview", view(s.handleOverview)},
		{"GET /households", view(s.handleHouseholds)},
		{"POST /households", view(s.handleHouseholdSearch)},
		{"GET /households/{code}", view(s.handleHousehold)},
		{"POST /households/{code}/members/{id}/reveal", view(s.handleReveal)},
		{"GET /login", s.handleLoginForm},
		{"POST /login", s.handleLogin},
		{"POST /logout", s.handleLogout},
		{"GET /audit", s.need(auth.PermViewAudit, s.handleAudit)},
		{"GET /static/{file}", s.handleStatic},
		{"GET /healthz", s.handleHealthz},
		{"GET /metrics", s.handleMetrics},
		{"POST /api/v1/login", s.apiLogin},
		{"GET /api/v1/regions/{code}", s.apiRegion},
		{"GET /api/v1/stats/overview", view(s.apiOverview)},
		{"GET /api/v1/households", view(s.apiHouseholds)},
		{"GET /api/v1/households/{code}", view(s.apiHousehold)},
		{"POST /api/v1/households/{code}/members/{id}/reveal", view(s.apiReveal)},
		{"GET /qr", s.needQR(s.handleQR)},
		{"GET /qr/sheets", s.needQR(s.handleQRSheets)},
		{"GET /qr/{file}", s.needQR(s.handleQRPNG)},
		{"POST /qr/{village}/revoke", s.needQRRevoke(s.handleQRRevoke)},
		{"POST /qr/base-url", s.needAdmin(s.handleQRBase)},
		{"GET /admin", s.guard("admin", signedIn, s.handleAdmin)},
		{"GET /admin/users", s.needAdmin(s.handleUsers)},
		{"POST /admin/users", s.needAdmin(s.handleUserCreate)},
		{"POST /admin/users/{name}/disable", s.needAdmin(s.handleUserDisable)},
		{"POST /admin/users/{name}/password", s.needAdmin(s.handleUserPassword)},
		{"GET /admin/calendar", s.needAdmin(s.handleCalendar)},
		{"POST /admin/calendar", s.needAdmin(s.handleCalendarImport)},
		{"POST /admin/limits", s.needAdmin(s.handleLimits)},
		{"GET /admin/survey-thresholds", s.needAdmin(blankForm(s.renderThresholds))},
		{"POST /admin/survey-thresholds", s.needAdmin(s.handleThresholdsPost)},
		{"GET /cases", view(s.handleCases)},
		{"GET /cases/{id}", view(s.handleCase)},
		{"POST /notifications/{id}/read", view(s.handleNotificationRead)},
		{"GET /cases/{id}/notice", view(s.handleNotice)},
		{"GET /cases/{id}/photos/{name}", view(s.handleCasePhoto)},
		{"POST /cases/{id}/actions", view(s.handleCaseAction)},
		{"POST /households/{code}/cases", s.need(auth.PermEditRegistry, s.handleOpenCase)},
		{"POST /cases/{id}/contact/reveal", view(s.handleCaseContactReveal)},
		{"POST /api/v1/cases/{id}/contact/reveal", view(s.apiCaseContactReveal)},
		{"GET /cases/{id}/register", s.needEdit(s.handleRegisterForm)},
		{"POST /cases/{id}/register", s.needEdit(s.handleRegister)},
		{"GET /monitoring", view(s.handleMonitoring)},
		{"GET /monitoring/mine", view(s.handleMyHouseholds)},
		{"GET /visits", view(s.handleVisits)},
		{"GET /visits/{id}/photos/{name}", view(s.handleVisitPhoto)},
		{"GET /households/{code}/visits/new", s.needEdit(s.handleVisitForm)},
		{"POST /households/{code}/visits/new", s.needEdit(s.handleVisitSubmit)},
		{"GET /households/{code}/worksheets/{year}", view(s.handleWorksheet)},
		{"POST /households/{code}/worksheets/{year}", s.needEdit(s.handleWorksheetSave)},
		{"POST /households/{code}/measures", s.needEdit(s.handleMeasureAdd)},
		{"POST /households/{code}/measures/{id}", s.needEdit(s.handleMeasureUpdate)},
		{"POST /households/{code}/measures/{id}/progress", s.needEdit(s.handleMeasureProgress)},
		{"POST /households/{code}/cadres", s.needEdit(s.handleCadreSet)},
		{"POST /households/{code}/cadres/{id}/reveal", s.need(auth.PermRevealPII, s.handleCadreReveal)},
		{"POST /households/{code}/elimination", s.needEdit(s.handleEliminationPropose)},
		{"POST /households/{code}/elimination/rollback", s.needEdit(s.handleEliminationRollback)},
		{"GET /admin/fit-rules", s.needSettings(blankForm(s.renderFitRules))},
		{"POST /admin/fit-rules", s.needSettings(s.handleFitRulesPost)},
		{"GET /admin/visit-settings", s.needSettings(blankForm(s.renderVisitSettings))},
		{"POST /admin/visit-settings", s.needSettings(s.handleVisitSettingsPost)},
		{"GET /api/v1/cases", view(s.apiCases)},
		{"POST /api/v1/cases/{id}/actions", view(s.apiCaseAction)},
		{"GET /r/status", s.handleStatusForm},
		{"POST /r/status", s.handleStatusLookup},
		{"POST /r/status/objection", s.handleObjection},
		{"GET /r/{token}", s.handleReportForm},
		{"POST /r/{token}", s.handleReportSubmit},
		{"POST /api/v1/self-reports", s.apiSelfReport},
		{"GET /api/v1/self-reports/{receipt}", s.apiSelfReportStatus},
		{"GET /feeds", s.needFeed(s.handleFeeds)},
		{"POST /feeds", s.needFeed(s.handleFeedUpload)},
		{"GET /feeds/{id}", s.needFeed(s.handleFeedFile)},
		{"GET /feeds/{id}/unmatched.csv", s.needFeed(s.handleFeedUnmatchedCSV)},
		{"POST /api/v1/feeds/{kind}", s.needFeed(s.apiFeedUpload)},
		{"GET /jobs/{id}", s.handleJob},
		{"GET /api/v1/jobs/{id}", s.apiJob},
		{"GET /warnings", view(s.handleWarnings)},
		{"GET /warnings/{id}", view(s.handleWarning)},
		{"POST /warnings/{id}/decision", s.need(auth.PermEditRegistry, s.handleWarningDecision)},
		{"POST /screen", s.needScreen(s.handleScreen)},
		{"GET /api/v1/warnings", view(s.apiWarnings)},
		{"GET /admin/rules", s.needRules(s.handleRules)},
		{"POST /admin/rules", s.needRules(s.handleRuleSave)},
		{"GET /visits/log", view(s.handleVisitLog)},
		// the survey report (docs/survey.md)
		{"GET /reports/survey", view(s.handleSurvey)},
		{"GET /reports/survey.docx", view(s.handleSurveyDOCX)},
		// ledgers, the one-household file and public-notice lists (ledgers.go, household_file.go, notices.go)
		{"GET /ledgers", view(s.handleLedgers)},
		{"GET /ledgers.xlsx", view(s.handleLedgersXLSX)},
		{"POST /ledgers.xlsx", view(s.handleLedgersXLSX)},
		{"GET /notices", view(s.handleNotices)},
		// labour transfer and its subsidies (labour.go)
		{"GET /labour", view(s.handleLabour)},
		{"POST /labour/batch", s.needEdit(s.handleLabourBatch)},
		{"GET /labour/batch.xlsx", view(s.handleLabourBatchXLSX)},
		{"POST /labour/batch.xlsx", view(s.handleLabourBatchXLSX)},
		// drinking water and 控辍保学 follow-ups (water.go, dropouts.go)
		{"GET /water", view(s.handleWater)},
		{"POST /water/import", s.needEdit(s.handleWaterImport)},
		{"POST /water/problems", s.needEdit(s.handleWaterProblem)},
		{"POST /water/problems/{id}/resolve", s.needEdit(s.handleWaterResolve)},
		{"GET /education/dropouts", view(s.handleDropouts)},
		{"POST /education/dropouts", s.needEdit(s.handleDropoutOpen)},
		{"GET /education/dropouts/{id}", view(s.handleDropout)},
		{"POST /education/dropouts/{id}/steps", s.needEdit(s.handleDropoutStep)},
		{"POST /education/dropouts/{id}/outcome", s.needEdit(s.handleDropoutOutcome)},
		// the project library (projects.go)
		{"GET /projects", view(s.handleProjects)},
		{"GET /projects/{id}", view(s.handleProject)},
		{"POST /projects/import", s.needEdit(s.handleProjectImport)},
		{"POST /projects/{id}/progress", s.needEdit(s.handleProjectProgress)},
		// retrofit projects (retrofits.go)
		{"GET /retrofits", view(s.handleRetrofits)},
		{"POST /retrofits/import", s.needEdit(s.handleRetrofitImport)},
		{"GET /retrofits/{id}", view(s.handleRetrofit)},
		{"POST /retrofits/{id}", s.needEdit(s.handleRetrofitSave)},
		// 和美乡村 indicators (villages.go)
		{"GET /villages", view(s.handleVillages)},
		{"GET /villages.xlsx", view(s.handleVillagesXLSX)},
		{"GET /villages/edit", s.needEdit(s.handleVillageEdit)},
		{"POST /villages/edit", s.needEdit(s.handleVillageSave)},
		// business entities and their households (entities.go)
		{"GET /entities", view(s.handleEntities)},
		{"GET /entities/overdue.xlsx", view(s.exportList(overdueList))},
		{"POST /entities/import", s.needEdit(s.handleEntityImport)},
		{"GET /entities/{id}", view(s.handleEntity)},
		{"POST /entities/payouts/{id}/paid", s.needEdit(s.handleEntityPaid)},
		{"GET /households/{code}/file", view(s.handleHouseholdFile)},
		{"POST /households/{code}/file", view(s.handleHouseholdFile)},
		// the dashboard (统计报表), its data and its standard tables (dashboard.go)
		{"GET /dashboard", view(s.handleDashboard)},
		{"GET /api/v1/dashboard", view(s.apiDashboard)},
		{"GET /dashboard/tables.xlsx", view(s.handleDashboardTables)},
		// the sector pages (三保障) and the lists behind their figures (sectors.go)
		{"GET /sectors", view(s.handleSectors)},
		{"/", s.handleNotFound},
	}
	// every list as a whole: its Excel export and its print view (lists.go)
	rts = append(rts, s.listRoutes(view, householdsList, casesList, warningsList, mustVisitList, visitLogList,
		mismatchList, mineList, waterList, problemsList, dropoutsList, projectsList, retrofitsList, entitiesList,
		noticesList, sectorsList)...)
	rts = append(rts, s.listRoutes(s.needFeed, feedsList)...)
	return append(rts, s.listRoutes(audited, auditList)...)
}

// listRoutes are the whole-list routes of each list behind guard: GET
// path.xlsx, POST path.xlsx too when the list has numbers to ask for in
// full (pii), and GET path/print.
func (s *Server) listRoutes(guard func(http.HandlerFunc) http.HandlerFunc, specs ...*listSpec) []route {
	var rts []route
	for _, spec := range specs {
		export := guard(s.exportList(spec))
		rts = append(rts, route{"GET " + spec.path + ".xlsx", export})
		if spec.pii {
			rts = append(rts, route{"POST " + spec.path + ".xlsx", export})
		}
		rts = append(rts, route{"GET " + spec.path + "/print", guard(s.printList(spec))})
	}
	return rts
}

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		mux.HandleFunc(rt.pattern, rt.handler)
	}
	return mux
}

// need wraps a handler that requires a permission of the user's role.
func (s *Server) need(p auth.Permission, h http.HandlerFunc) http.HandlerFunc {
	return s.guard(string(p), func(u auth.User) bool { return u.Can(p) }, h)
}

// scope is the region the request may see: the logged-in user's. Every
// handler takes its scope here; without a user it is the zero scope, which
// every store call refuses.
func (s *Server) scope(r *http.Request) store.Scope {
	return userScope(r)
}
