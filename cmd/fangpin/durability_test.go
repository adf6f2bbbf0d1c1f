package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// TestReportsSurviveKill runs the server in a process of its own (this test
// binary, as TestServeUntilKilled), posts reports from several clients,
// kills the process with SIGKILL in the middle of the load and checks that
// every report whose receipt was sent back is in the database.
func TestReportsSurviveKill(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the server in a process of its own")
	}
	data := t.TempDir()
	if code, _, errs := fangpin(t, "--data", data, "import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
		t.Fatal(errs)
	}
	_, links, _ := fangpin(t, "--data", data, "qr", "--region", "620321100201")
	token := regexp.MustCompile(`/r/([a-z0-9]+)`).FindStringSubmatch(links)[1]

	srv := exec.Command(os.Args[0], "-test.run=^TestServeUntilKilled$")
	// The clients all come from 127.0.0.1: the documented setting lifts the
	// limit of reports per address.
	srv.Env = append(os.Environ(), "FANGPIN_SERVE_DATA="+data, "FANGPIN_REPORT_IP_LIMIT=1000000")
	stdout, _ := srv.StdoutPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	base := ""
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if m := regexp.MustCompile(`(http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	if base == "" {
		t.Fatal("server did not start")
	}
	go func() {
		for sc.Scan() {
		}
	}()

	// The kill waits for enough acknowledged reports, however slow the
	// machine: no clock decides when the load is under way.
	const enough = 100
	var mu sync.Mutex
	var receipts []string
	underWay := make(chan struct{})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			client := &http.Client{Timeout: time.Minute}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				born := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format("20060102")
				body := `{"village_token":"` + token + `","head_name":"测试户","id_number":"` + testkit.IDBorn(born, w) +
					`","phone":"13800000000","risk_types":["因自然灾害"],"description":"断电测试","consent":true}`
				resp, err := client.Post(base+"/api/v1/self-reports", "application/json", strings.NewReader(body))
				if err != nil {
					continue // the server is gone (stop follows) or slow
				}
				var out struct{ Receipt string }
				json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				if resp.StatusCode != 201 || out.Receipt == "" {
					t.Errorf("report refused: %d", resp.StatusCode)
					continue
				}
				mu.Lock()
				if receipts = append(receipts, out.Receipt); len(receipts) == enough {
					close(underWay)
				}
				mu.Unlock()
			}
		}(w)
	}
	select {
	case <-underWay:
	case <-time.After(5 * time.Minute): // a guard against a hung server only
		t.Error("the server acknowledged too few reports in five minutes")
	}
	srv.Process.Signal(syscall.SIGKILL) // no shutdown: the process just dies mid-load
	srv.Wait()
	close(stop)
	wg.Wait()
	db, err := store.Open(context.Background(), filepath.Join(data, "fangpin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	missing := 0
	for _, r := range receipts {
		var n int
		db.Reader().QueryRowContext(context.Background(), "SELECT count(*) FROM self_reports WHERE receipt = ?", r).Scan(&n)
		if n != 1 {
			missing++
		}
	}
	if missing > 0 || len(receipts) < enough {
		t.Fatalf("%d of %d acknowledged reports lost", missing, len(receipts))
	}
	t.Logf("%d acknowledged reports, all stored", len(receipts))
}

// TestServeUntilKilled is the server process of TestReportsSurviveKill: it
// serves FANGPIN_SERVE_DATA until killed.
func TestServeUntilKilled(t *testing.T) {
	t.Parallel()
	data := os.Getenv("FANGPIN_SERVE_DATA")
	if data == "" {
		t.Skip("the server process of TestReportsSurviveKill")
	}
	os.Exit(run(context.Background(), []string{"--data", data, "serve", "--addr", "127.0.0.1:0"}, os.Stdin, os.Stdout, os.Stderr))
}
