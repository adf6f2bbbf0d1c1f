// Command fangpin runs the 防返贫监测帮扶 system: the web server and the
// command-line tools of docs/cli.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"fangpin/internal/audit"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit codes (docs/cli.md).
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitRejected = 3
)

// usageError marks a wrong use of the command line (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// rejectedError marks input rejected as a whole (exit code 3).
type rejectedError struct{ msg string }

func (e rejectedError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// globals are the flags before the command.
type globals struct {
	db, data string
}

const usage = `用法: fangpin [--db URL] [--data DIR] COMMAND [flags]

commands:
  serve [--addr HOST:PORT] [--demo] [--log-format text|json] [--trusted-proxy IP,CIDR…]
        [--backup-dir DIR --backup-every 24h --backup-keep 7]
                                      migrate, then serve HTTP
  migrate [--status]                  apply schema migrations (--status: list applied and pending, apply none)
  demo [--scale N] [--seed S]         fill an empty database with the demo city
  import regions FILE [--effective YYYY-MM-DD]
                                      division codes (code,name,level,parent_code; .csv or .csv.gz);
                                      a changed name takes effect on the given day (default today)
  import households FILE [--skip-invalid] [--rejects OUT.csv] [--income-year Y]
  import feed KIND FILE [--region CODE] [--unmatched OUT.csv]
                                      KIND: medical education civil disability housing disaster employment death
  stats [--region CODE] [--as-of YYYY-MM-DD] --json
  report tables [--region CODE] [--as-of YYYY-MM-DD] --out FILE.xlsx
                                      the standard tables (统计报表) as one workbook
  report survey --region CODE [--as-of YYYY-MM-DD] --out FILE.html|FILE.docx   the survey report
  report thresholds [KEY=VALUE]…      list (and set) the survey report's thresholds
  report ledger --region CODE --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xlsx [--full]
                                      the ledgers (台账) of a region and period as one workbook
  labour rates [--set DEST[:PROVINCE] --from YYYY-MM-DD --amount YUAN]   transport subsidy amounts by date
  labour import FILE                  labour transfers (劳动力转移就业), all or nothing
  labour batch --region CODE --year Y [--on YYYY-MM-DD] --out FILE.xlsx [--full] | labour batch --id N --out FILE.xlsx [--full]
  retrofit import FILE                retrofit projects (危房改造 / 农房抗震改造), all or nothing
                                      a subsidy payment list for the bank (the persons due are recorded as paid)
  water import --kind schemes|samples|problems FILE   drinking water records (饮水安全), all or nothing
  water list [--region CODE] [--as-of YYYY-MM-DD]     schemes, open problems, latest samples
  project import --kind projects|beneficiaries|output FILE   project library (项目库), beneficiaries, chain output; all or nothing
  project list [--region CODE] [--year Y] [--type T] [--chain C]   the projects, one a line
  project chains [--set 菜、草、畜]     the industry chains projects and output may name
  village import FILE                 和美乡村 indicators per village and year, all or nothing
  village list [--region CODE] [--year Y] [--out FILE.xlsx]   the year's village table and figures
  entity import --kind KIND FILE     business entities (新型经营主体) and their households, all or nothing;
                                      KIND: entities links shares agreements payouts
  entity list [--region CODE] [--kind KIND] [--weak] [--as-of YYYY-MM-DD]   the entities, tab-separated
  region merge OLD NEW [--on YYYY-MM-DD]   village OLD's households belong to NEW from the day (default today)
  screen [--as-of YYYY-MM-DD] [--json]   run the warning rules
  user add NAME --role ROLE --region CODE   (password on standard input)
  user list | user disable NAME | user passwd NAME (password on standard input)
  token create --user NAME [--name LABEL] | token list --user NAME | token revoke ID
  audit verify
  backup --out FILE [--with-key]      online snapshot: database, photos, uploads, manifest (no key by default)
  restore FILE                        into an empty data folder; checksums, migrate, audit verify
  key check | key rotate [--settle 15s]   check the master key against the database; re-encrypt under a new key
  qr --region CODE [--out FILE.png|FILE.html] [--base-url URL]
  bench screen [--persons N] [--claims M] [--db sqlite|postgres://…]…   measure the feed import (and screen)
  bench import [--persons N] [--db sqlite|postgres://…]…   measure the household import (and a raw COPY)
  version

global flags (and environment):
  --db URL    (FANGPIN_DB)   SQLite path or postgres://…; default DIR/fangpin.db
  --data DIR  (FANGPIN_DATA) data folder; default ./fangpin-data
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g, rest, err := parseGlobals(args, stderr)
	if err == nil {
		// every audit entry of a command names who ran it; the server's
		// requests and jobs name their users instead
		err = dispatch(audit.WithActor(ctx, cliActor()), g, rest, stdin, stdout, stderr)
	}
	var ue usageError
	var re rejectedError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "fangpin:", err)
		fmt.Fprint(stderr, "\n"+usage)
		return exitUsage
	case errors.As(err, &re):
		fmt.Fprintln(stderr, "fangpin:", err)
		return exitRejected
	}
	fmt.Fprintln(stderr, "fangpin:", err)
	return exitFailure
}

func parseGlobals(args []string, stderr io.Writer) (globals, []string, error) {
	fs := flag.NewFlagSet("fangpin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	var g globals
	fs.StringVar(&g.db, "db", os.Getenv("FANGPIN_DB"), "database URL")
	fs.StringVar(&g.data, "data", envOr("FANGPIN_DATA", "fangpin-data"), "data folder")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return g, nil, err
		}
		return g, nil, usageError{err.Error()}
	}
	if g.db == "" {
		g.db = filepath.Join(g.data, "fangpin.db")
	}
	if fs.NArg() == 0 {
		return g, nil, usageError{"缺少命令 (missing command)"}
	}
	return g, fs.Args(), nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func dispatch(ctx context.Context, g globals, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "version":
		fmt.Fprintln(stdout, "fangpin", version)
		return nil
	case "migrate":
		return cmdMigrate(ctx, g, rest, stdout, stderr)
	case "serve":
		return cmdServe(ctx, g, rest, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, g, rest, stdout, stderr)
	case "import":
		return cmdImport(ctx, g, rest, stdout, stderr)
	case "stats":
		return cmdStats(ctx, g, rest, stdout, stderr)
	case "report":
		return cmdReport(ctx, g, rest, stdout, stderr)
	case "region":
		return cmdRegion(ctx, g, rest, stdout, stderr)
	case "screen":
		return cmdScreen(ctx, g, rest, stdout, stderr)
	case "user":
		return cmdUser(ctx, g, rest, stdin, stdout, stderr)
	case "token":
		return cmdToken(ctx, g, rest, stdout, stderr)
	case "audit":
		return cmdAudit(ctx, g, rest, stdout, stderr)
	case "key":
		return cmdKey(ctx, g, rest, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, g, rest, stdout, stderr)
	case "restore":
		return cmdRestore(ctx, g, rest, stdout, stderr)
	case "qr":
		return cmdQR(ctx, g, rest, stdout, stderr)
	case "bench":
		return cmdBench(ctx, g, rest, stdout, stderr)
	case "labour":
		return cmdLabour(ctx, g, rest, stdout, stderr)
	case "water":
		return cmdWater(ctx, g, rest, stdout, stderr)
	case "project":
		return cmdProject(ctx, g, rest, stdout, stderr)
	case "retrofit":
		return cmdRetrofit(ctx, g, rest, stdout, stderr)
	case "village":
		return cmdVillage(ctx, g, rest, stdout, stderr)
	case "entity":
		return cmdEntity(ctx, g, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("未知命令 %q (unknown command)", cmd)}
}

// newFlags returns a flag set for a subcommand whose errors are usage errors.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses flags that may come before or after positional arguments
// (fangpin import households FILE --skip-invalid).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
