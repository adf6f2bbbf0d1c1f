package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"fangpin/internal/casework"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

const regionsCSV = `code,name,level,parent_code
620000000000,甘肃省,1,
620300000000,金昌市,2,620000000000
620321000000,永昌县,3,620300000000
620321100000,城关镇,4,620321000000
620321100201,北海子村委会,5,620321100000
620321100202,金川西村委会,5,620321100000
`

type memSender struct{ sent []string }

func (m *memSender) Send(_ context.Context, region, text string) error {
	m.sent = append(m.sent, region+":"+text)
	return nil
}

func open(t *testing.T, db *store.DB, village string, now time.Time) casework.Case {
	t.Helper()
	ctx := context.Background()
	var c casework.Case
	err := db.Transact(ctx, func(tx *store.Tx) error {
		var err error
		c, err = casework.Open(ctx, tx, store.ScopeAll(), casework.NewCase{Region: village, HeadName: "张三",
			Source: casework.SourceScreening, RiskTypes: []string{"因病"}, Description: "排查发现"}, now,
			casework.FixedDays{"accept": 2, "verify": 7, "total": 15})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestScopeNotifications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := region.ImportReader(ctx, db, strings.NewReader(regionsCSV)); err != nil {
			t.Fatal(err)
		}
		day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		a, b := open(t, db, "620321100201", day), open(t, db, "620321100202", day)
		sms := &memSender{}
		for _, c := range []casework.Case{a, b, a} { // the second time for a is not sent again
			if err := CaseArrived(ctx, db.Writer(), sms, c, day); err != nil {
				t.Fatal(err)
			}
		}
		if len(sms.sent) != 2 || !strings.Contains(sms.sent[0], "待受理") {
			t.Fatalf("sent %v", sms.sent)
		}
		n, err := Overdue(ctx, db.Writer(), sms, store.ScopeAll(), day.AddDate(0, 0, 3))
		if err != nil || n != 2 {
			t.Fatalf("overdue %d %v", n, err)
		}
		if n, _ := Overdue(ctx, db.Writer(), sms, store.ScopeAll(), day.AddDate(0, 0, 3)); n != 0 {
			t.Fatalf("overdue sent twice: %d", n)
		}
		own, err := Recent(ctx, db.Reader(), store.MustScope("620321100201"), 10)
		if err != nil || len(own) != 2 {
			t.Fatalf("village A sees %d notifications: %v", len(own), err)
		}
		for _, x := range own {
			if x.CaseID != a.ID {
				t.Fatalf("village A sees a notification of case %d", x.CaseID)
			}
		}
	})
}
