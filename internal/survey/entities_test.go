package survey

import (
	"strings"
	"testing"

	"fangpin/internal/entity"
)

// TestEntitiesText: 一、（三） states the entity figures in the founding
// document's form (full coverage and payment, or the shares and rate), the
// notHeld line without entities, and the only-weak problem.
func TestEntitiesText(t *testing.T) {
	f := sample()
	if got := text(compose(city, day, DefaultSettings, f)); !strings.Contains(got, "联农带农方面，系统尚未汇集") ||
		strings.Contains(got, "联农带农机制不够紧密") {
		t.Errorf("no entities:\n%s", got)
	}
	e := &f.Overview.Sectors.Entities
	e.Entities, e.Townships, e.TownshipsAll, e.Villages, e.VillagesAll, e.HouseholdsLinked = 212, 10, 10, 140, 140, 56900
	e.ByKind = []entity.KindCount{{Kind: entity.KindEnterprise, Count: 60}, {Kind: entity.KindCooperative, Count: 152}, {Kind: entity.KindOther}}
	e.ShareEntities, e.SharesFen, e.AgreementTownships, e.AgreementHouseholds = 25, 1_374_400_000, 10, 511
	e.PayoutsDue, e.PayoutsDueFen, e.PayoutsPaid, e.PayoutsPaidFen = 511, 82_464_000, 511, 82_464_000
	got := text(compose(city, day, DefaultSettings, f))
	reportHas(t, got,
		"截至2026年11月28日，全市共有新型经营主体212个（龙头企业60个、农民合作社152个），覆盖10个乡镇140个村，实现带镇、带村全覆盖，联结带动农户56900户。",
		"25个经营主体持有农户入股资金1374.40万元，与10个乡镇511户农户签订分红协议，2026年1月1日至2026年11月28日，到期分红511笔82.46万元，已足额兑付。",
	)
	e.Villages, e.PayoutsPaid, e.PayoutsPaidFen, e.Overdue, e.OverdueFen, e.OnlyWeak = 70, 500, 80_000_000, 11, 2_464_000, 53
	got = text(compose(city, day, DefaultSettings, f))
	reportHas(t, got,
		"覆盖10个乡镇70个村，分别占全市乡镇的100.0%、村的50.0%，联结带动农户56900户。",
		"已兑付500笔80.00万元，兑付率97.8%；截至2026年11月28日逾期未兑付分红11笔2.46万元。",
		"全市共有新型经营主体212个，其中53个新型经营主体仅通过土地流转、租赁或雇工与农户联结，占25.0%，利益联结方式单一。",
	)
	// a village's report: no townships below it
	e.Townships, e.TownshipsAll, e.Villages, e.VillagesAll = 0, 0, 1, 1
	if got := text(compose(city, day, DefaultSettings, f)); !strings.Contains(got, "覆盖1个村，联结带动农户") {
		t.Errorf("village coverage:\n%s", got)
	}
}
