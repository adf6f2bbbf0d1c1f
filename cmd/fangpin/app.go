package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/incomeline"
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
	keys, err := pii.LoadOrCreate(g.data)
	if err != nil {
		return nil, err
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

func cmdMigrate(ctx context.Context, g globals, stdout interface{ Write([]byte) (int, error) }) error {
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(stdout, "数据库已是最新结构 (migrations applied)")
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
