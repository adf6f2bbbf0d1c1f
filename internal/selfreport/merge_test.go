package selfreport

import (
	"context"
	"strings"
	"testing"

	"fangpin/internal/fault"
	"fangpin/internal/store/storetest"
)

// TestMergeNeedsThePhone: someone who knows a family's ID number but not
// its phone gets a receipt of his own, learns nothing of the family's
// report and adds nothing to it, and cannot spend the family's daily quota
// (issue 15, item 8).
func TestMergeNeedsThePhone(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	s, tok := setup(t, db)
	ctx := context.Background()
	family, err := s.Submit(ctx, valid(tok, 1))
	if err != nil {
		t.Fatal(err)
	}
	stranger := valid(tok, 1)
	stranger.Phone, stranger.Description, stranger.IP = "13900000000", "陌生人写的话", "10.9.9.9"
	for i := 0; i < 5; i++ {
		r, err := s.Submit(ctx, stranger)
		if err != nil || r.Code == family.Code || i == 0 && r.Merged { // later ones join the stranger's own report
			t.Fatalf("stranger %d: %+v %v", i, r, err)
		}
	}
	if _, err := s.Submit(ctx, stranger); fault.KindOf(err) != fault.RateLimited {
		t.Fatalf("the stranger's own quota: %v", err)
	}
	var desc string
	db.Reader().QueryRowContext(ctx, "SELECT description FROM self_reports WHERE receipt = ?", family.Code).Scan(&desc)
	if strings.Contains(desc, "陌生人") {
		t.Fatalf("the stranger's text reached the family's report: %s", desc)
	}
	again := valid(tok, 1)
	again.Description = "家里又有人病了"
	r, err := s.Submit(ctx, again)
	if err != nil || !r.Merged || r.Code != family.Code {
		t.Fatalf("the family with its phone: %+v %v", r, err)
	}
}
