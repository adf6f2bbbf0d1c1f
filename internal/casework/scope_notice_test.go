package casework

import (
	"context"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestScopeNoticeList: village A's public-notice list holds village A's
// notices and none of village B's, though both began in the period.
func TestScopeNoticeList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mine := open(t, db, NewCase{Region: testkit.VillageA}, t0)
		theirs := open(t, db, NewCase{Region: testkit.VillageB}, t0)
		for _, id := range []int64{mine.ID, theirs.ID} {
			if _, err := db.Writer().ExecContext(ctx, "UPDATE cases SET notice_start = '2026-11-10' WHERE id = ?", id); err != nil {
				t.Fatal(err)
			}
		}
		var got []int64
		err := ForEachNotice(ctx, db.Reader(), cadreA.Scope(), testkit.VillageA, "2026-11-01", "2026-11-30",
			func(e NoticeEntry) error { got = append(got, e.ID); return nil })
		if err != nil || len(got) != 1 || got[0] != mine.ID {
			t.Errorf("village A's notices: %v (want [%d]), %v", got, mine.ID, err)
		}
	})
}
