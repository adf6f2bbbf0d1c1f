package web

import (
	"context"
	"strconv"
	"testing"

	"fangpin/internal/feed"
	"fangpin/internal/jobs"
	"fangpin/internal/pii"
	"fangpin/internal/screening"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// scopeFeeds are the department files, jobs and warnings TestScopeIsolation
// probes: one of each in 北海子村 (foreign to its user) and in 金川西村
// (their own), as ids.
type scopeFeeds struct {
	foreignFile, ownFile       string
	foreignJob, ownJob         string
	foreignWarning, ownWarning string
	secrets                    []string // what must never show to 金川西村's user
}

// foreignFeedName is the name of 北海子村's department file.
const foreignFeedName = "北海子村医保.csv"

// scopeFeedFixture stores the probed data: a medical file uploaded in each
// village with a claim of its own household, the warnings a screen raises
// from them, and a finished job started in each village. The server's jobs
// are waited for before the database closes.
func scopeFeedFixture(t *testing.T, db *store.DB, keys *pii.Keys, s *Server) scopeFeeds {
	t.Helper()
	t.Cleanup(s.Wait)
	ctx := context.Background()
	day := testNow.AddDate(0, 0, -30).Format(isoDate)
	var fx scopeFeeds
	for _, f := range []struct {
		village, name, id, oop string
		dst                    *string
	}{{villageA, foreignFeedName, idZhang, "9000", &fx.foreignFile}, {villageB, "金川西村医保.csv", idWang, "7000", &fx.ownFile}} {
		path := testkit.CSV(t, "身份证号,结算日期,医疗总费用,基本医保报销,大病保险报销,医疗救助,个人自付",
			f.id+","+day+",20000,0,0,0,"+f.oop)
		res, err := feed.Import(ctx, db, keys, feed.Medical, path, feed.Options{FileName: f.name, Username: "cun", Region: f.village})
		if err != nil {
			t.Fatalf("import %s: %v %v", f.name, err, res.Issues)
		}
		*f.dst = strconv.FormatInt(res.FileID, 10)
	}
	if _, err := screening.Run(ctx, db, screening.Options{Scope: store.ScopeAll()}); err != nil {
		t.Fatal(err)
	}
	list, _, err := screening.List(ctx, db.Reader(), store.ScopeAll(), screening.Filter{})
	if err != nil || len(list) != 2 {
		t.Fatalf("warnings %v %v", list, err)
	}
	for _, x := range list {
		id := strconv.FormatInt(x.ID, 10)
		if x.Region == villageA {
			fx.foreignWarning = id
		} else {
			fx.ownWarning = id
		}
	}
	for _, j := range []struct {
		village string
		dst     *string
	}{{villageA, &fx.foreignJob}, {villageB, &fx.ownJob}} {
		id, err := jobs.Create(ctx, db.Writer(), "screen", 0, j.village)
		if err == nil {
			err = jobs.Finish(ctx, db, id, map[string]any{"as_of": day}, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		*j.dst = strconv.FormatInt(id, 10)
	}
	fx.secrets = []string{foreignFeedName}
	return fx
}
