package feed

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"fangpin/internal/jobs"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestImportAsJob runs an import the way the web layer does: in a job whose
// progress is reported while the import's transaction holds SQLite's only
// writer connection. It must neither deadlock nor lose the result.
func TestImportAsJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var rows []string
		for i := range 9000 {
			rows = append(rows, fmt.Sprintf("%s,2026-01-%02d", id(i%999+1), i%28+1))
		}
		path := testkit.File(t, "deaths.csv", csvOf("身份证号,死亡日期", rows...))
		job, err := jobs.Create(ctx, db.Writer(), "feed.death", 7, "620300000000")
		if err != nil {
			t.Fatal(err)
		}
		calls := 0
		res, err := Import(ctx, db, testkit.Keys(t), Death, path, Options{Now: now, Progress: func(done, total int) {
			calls++
			jobs.Progress(ctx, db, job, done, total, "导入中")
		}})
		if ferr := jobs.Finish(ctx, db, job, res, err); ferr != nil || err != nil {
			t.Fatal(err, ferr)
		}
		j, err := jobs.Find(ctx, db, job)
		if err != nil || j.Status != jobs.Done || j.Done != 9000 || j.Total != 9000 || calls == 0 {
			t.Fatalf("job %+v %v (%d progress calls)", j, err, calls)
		}
		var got Result
		if err := json.Unmarshal(j.Result, &got); err != nil || got.Rows != 9000 || got.Unmatched != 9000 || got.FileID != res.FileID {
			t.Errorf("job result %s", j.Result)
		}
		if !strings.Contains(string(j.Result), `"file_id":`) {
			t.Errorf("result keys: %s", j.Result)
		}
	})
}
