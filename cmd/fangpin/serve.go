package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/jobs"
	"fangpin/internal/keyguard"
	"fangpin/internal/notify"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
	"fangpin/internal/web"
	"fangpin/internal/workday"
)

func cmdServe(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address HOST:PORT")
	withDemo := fs.Bool("demo", false, "fill an empty database with the demo city")
	backupDir := fs.String("backup-dir", "", "write a backup archive into DIR every --backup-every")
	backupEvery := fs.Duration("backup-every", 24*time.Hour, "interval of scheduled backups")
	backupKeep := fs.Int("backup-keep", 7, "scheduled backups kept (the oldest are removed)")
	logFormat := fs.String("log-format", "text", "log lines as text or json")
	proxies := fs.String("trusted-proxy", "", "addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed")
	metricsToken := fs.String("metrics-token", os.Getenv("FANGPIN_METRICS_TOKEN"), "bearer token a scraper sends for /metrics (at least 16 characters)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"serve 不接受位置参数"}
	}
	if *backupDir != "" && (*backupEvery < time.Minute || *backupKeep < 1) {
		return usageError{"--backup-every 至少 1m，--backup-keep 至少 1"}
	}
	logger, err := newLogger(*logFormat, stderr)
	if err != nil {
		return err
	}
	trusted, err := parseProxies(*proxies)
	if err != nil {
		return err
	}
	if *metricsToken != "" && len(*metricsToken) < 16 {
		return usageError{"--metrics-token 至少16个字符"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	root := ""
	if *withDemo {
		n, err := countHouseholds(ctx, a.db)
		if err != nil {
			return err
		}
		if n == 0 {
			if err := loadDemo(ctx, a, 1, 1, stdout); err != nil {
				return err
			}
		}
		root = demoRoot
	}
	authn := auth.NewService(a.db)
	if err := firstRun(ctx, authn, *withDemo, root, stdout); err != nil {
		return err
	}
	reports := selfreport.New(a.db, a.keys)
	var deadlines *workday.Deadlines
	if n, err := strconv.Atoi(os.Getenv("FANGPIN_REPORT_IP_LIMIT")); err == nil && n > 0 {
		reports.SetLimits(n, 5) // reports per address and hour; per ID number and day stays 5
	}
	if dl, err := workday.LoadDeadlines(ctx, a.db.Reader()); err == nil {
		reports.SetDeadlines(dl)
		deadlines = dl
		if err := fillDeadlines(ctx, a, dl, logger); err != nil {
			return err
		}
	} else {
		logger.Warn("working-day calendar unavailable: receipts promise working days without dates", "err", err)
	}
	reports.SetPhotoDir(filepath.Join(a.data, "reports"))
	go watchOverdue(ctx, a, logger)
	if *backupDir != "" {
		if err := os.MkdirAll(*backupDir, 0o700); err != nil {
			return err
		}
		go scheduledBackups(ctx, a, *backupDir, *backupEvery, *backupKeep, logger)
	}
	go keyguard.Watch(ctx, a.db, a.keys, a.data, 5*time.Second, logger.Error) // follows `key rotate`
	go deliverNotices(ctx, a, notify.LogSender{Log: logger}, logger)          // until a county connects its SMS gateway
	cfg := web.Config{DB: a.db, Keys: a.keys, Root: root, Version: version, Logger: logger,
		Auth: authn, Audit: audit.New(a.db), Reports: reports,
		VisitPhotos: filepath.Join(a.data, "visits")} // home visits' photos, beside the reports'
	if deadlines != nil { // a nil *Deadlines in the interface would not read as "none"
		cfg.Deadlines = deadlines
	}
	cfg.DataDir, cfg.Background = a.data, ctx // uploads wait in DATA/uploads; jobs stop with the server
	cfg.MetricsToken = *metricsToken
	if n, err := jobs.Interrupted(ctx, a.db.Writer()); err != nil {
		return err
	} else if n > 0 {
		logger.Warn("jobs interrupted by the last stop marked failed", "jobs", n)
	}
	srv, err := web.New(cfg)
	if err != nil {
		return err
	}
	defer srv.Wait() // running jobs end before the database closes
	return listen(ctx, *addr, behindProxies(srv.Handler(), trusted), stdout)
}

// watchOverdue notes the cases that fall overdue, every ten minutes, until
// ctx ends.
func watchOverdue(ctx context.Context, a *app, log *slog.Logger) {
	every(ctx, 10*time.Minute, func() {
		if n, err := casework.NotifyOverdue(ctx, a.db.Writer(), store.ScopeAll(), time.Now()); err != nil {
			log.Error("overdue cases", "err", err)
		} else if n > 0 {
			log.Info("overdue cases", "new", n)
		}
	})
}

// deliverNotices sends the text messages of new notifications every few
// seconds, until ctx ends: the actions that post them have committed by
// then (package notify).
func deliverNotices(ctx context.Context, a *app, s notify.Sender, log *slog.Logger) {
	every(ctx, 5*time.Second, func() {
		if _, err := notify.Deliver(ctx, a.db, s, time.Now()); err != nil && ctx.Err() == nil {
			log.Error("text messages", "err", err)
		}
	})
}

// every runs f now and then every d until ctx ends.
func every(ctx context.Context, d time.Duration, f func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		f()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// firstRun creates the demo accounts of a demo server and prints them once,
// or explains how to create the first administrator when there are no users.
func firstRun(ctx context.Context, authn *auth.Service, demo bool, root string, stdout io.Writer) error {
	if demo {
		accounts, err := authn.DemoAccounts(ctx, root)
		if err != nil {
			return err
		}
		if len(accounts) > 0 {
			fmt.Fprintln(stdout, "演示账号（只显示这一次，请记下）:")
			for _, d := range accounts {
				fmt.Fprintf(stdout, "  %-16s %-20s %s %s\n", d.Username, d.Password, d.Role.Label(), d.Region)
			}
		}
	}
	n, err := authn.UserCount(ctx)
	if err != nil || n > 0 {
		return err
	}
	fmt.Fprintln(stdout, "还没有任何用户。创建第一个管理员（密码从标准输入读取）:")
	fmt.Fprintln(stdout, "  fangpin user add admin --role admin --region 620000000000")
	return nil
}

// listen serves until ctx is cancelled, then shuts down gracefully.
func listen(ctx context.Context, addr string, h http.Handler, stdout io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("监听 %s: %w", addr, err)
	}
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(stdout, "fangpin %s 已启动: http://%s/\n", version, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "fangpin 已停止")
	return nil
}

// fillDeadlines gives the open cases opened without a calendar their
// working-day deadlines, so that every open case shows one.
func fillDeadlines(ctx context.Context, a *app, dl *workday.Deadlines, logger *slog.Logger) error {
	return a.db.Transact(ctx, func(tx *store.Tx) error {
		n, err := casework.FillDeadlines(ctx, tx, store.ScopeAll(), dl)
		if n > 0 {
			logger.Info("deadlines given to open cases opened without them", "cases", n)
		}
		return err
	})
}
