package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/incomeline"
	"fangpin/internal/keyguard"
	"fangpin/internal/monitoring"
	"fangpin/internal/pii"
	"fangpin/internal/store"
	"fangpin/internal/visit"
	"fangpin/internal/workday"
)

// app is what every command that touches data needs.
type app struct {
	db   *store.DB
	keys *pii.Keys
	data string
}

// openApp creates the data folder, opens and migrates the database and loads
// (or creates) the encryption key.
func openApp(ctx context.Context, g globals) (*app, error) {
	if err := os.MkdirAll(g.data, 0o700); err != nil {
		return nil, fmt.Errorf("创建数据目录 %s: %w", g.data, err)
	}
	if err := privateData(g.data); err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, g.db)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// the key must be the one the data was written with; a new one is made
	// only for an empty database (package keyguard)
	keys, _, err := keyguard.Open(ctx, db, g.data)
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := workday.Seed(ctx, db); err != nil { // the official holidays, for years not yet loaded
		db.Close()
		return nil, err
	}
	if err := incomeline.Seed(ctx, db.Writer()); err != nil { // published monitoring lines, never over an admin's
		db.Close()
		return nil, err
	}
	if err := visit.Seed(ctx, db.Writer()); err != nil { // default 六必访 groups and 六必查 items, never over a county's
		db.Close()
		return nil, err
	}
	if err := monitoring.Seed(ctx, db.Writer()); err != nil { // the default risk–measure fit table, never over an admin's
		db.Close()
		return nil, err
	}
	return &app{db: db, keys: keys, data: g.data}, nil
}

func (a *app) Close() error { return a.db.Close() }

func cmdMigrate(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	status := fs.Bool("status", false, "list applied and pending steps, apply nothing")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"migrate 不接受位置参数"}
	}
	if *status {
		return migrateStatus(ctx, g, stdout)
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(stdout, "数据库已是最新结构 (migrations applied)")
	return nil
}

// migrateStatus prints every migration step, applied (with its time) or
// pending, without applying any.
func migrateStatus(ctx context.Context, g globals, stdout io.Writer) error {
	db, err := openExisting(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	cur, max, err := db.Versions(ctx)
	if err != nil {
		return err
	}
	if cur > max {
		return fmt.Errorf("数据库结构版本 %d 比本程序认识的最高版本 %d 新：请使用升级它的那个 fangpin 版本 (%w)", cur, max, store.ErrNewerSchema)
	}
	steps, err := db.Steps(ctx)
	if err != nil {
		return err
	}
	pending := 0
	for _, s := range steps {
		if s.Applied {
			fmt.Fprintf(stdout, "%-32s 已应用 %s\n", s.Name, s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z"))
		} else {
			pending++
			fmt.Fprintf(stdout, "%-32s 待应用\n", s.Name)
		}
	}
	fmt.Fprintf(stdout, "结构版本 %d，本程序最高 %d，待应用 %d 步\n", cur, max, pending)
	return nil
}

// cliActor is the audit actor of a command run on the server's shell: the
// operating-system account that ran it.
func cliActor() audit.Actor {
	name := "cli"
	if u, err := user.Current(); err == nil {
		name = "cli:" + u.Username
	}
	return audit.Actor{Username: name, Role: "system"}
}

// cliAudit records a change made on the command line.
func cliAudit(ctx context.Context, a *app, action, entityID, region string, detail any) error {
	entity := "user"
	if strings.HasPrefix(action, "token.") {
		entity = "api_token"
	}
	return audit.New(a.db).Append(ctx, audit.Event{Action: action, Entity: entity, EntityID: entityID,
		Region: region, Detail: detail})
}
