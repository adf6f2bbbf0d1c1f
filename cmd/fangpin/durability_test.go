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

// TestReportsSurviveKill runs the real server, posts reports from several
// clients, kills the process with SIGKILL in the middle of the load and
// checks that every report whose receipt was sent back is in the database.
func TestReportsSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	bin := filepath.Join(t.TempDir(), "fangpin")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data := t.TempDir()
	if code, _, errs := fangpin(t, "--data", data, "import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
		t.Fatal(errs)
	}
	_, links, _ := fangpin(t, "--data", data, "qr", "--region", "620321100201")
	token := regexp.MustCompile(`/r/([a-z0-9]+)`).FindStringSubmatch(links)[1]

	srv := exec.Command(bin, "--data", data, "serve", "--addr", "127.0.0.1:0")
	srv.Env = append(os.Environ(), "FANGPIN_REPORT_IP_LIMIT=1000000")
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

	var mu sync.Mutex
	var receipts []string
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			client := &http.Client{Timeout: 5 * time.Second}
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
					return // the server is gone
				}
				var out struct{ Receipt string }
				json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				if resp.StatusCode == 201 && out.Receipt != "" {
					mu.Lock()
					receipts = append(receipts, out.Receipt)
					mu.Unlock()
				}
			}
		}(w)
	}
	time.Sleep(1500 * time.Millisecond)
	srv.Process.Signal(syscall.SIGKILL) // no shutdown: the process just dies mid-load
	srv.Wait()
	close(stop)
	wg.Wait()
	if len(receipts) < 50 {
		t.Fatalf("only %d reports acknowledged before the kill", len(receipts))
	}
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
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged reports lost", missing, len(receipts))
	}
	t.Logf("%d acknowledged reports, all stored", len(receipts))
}
