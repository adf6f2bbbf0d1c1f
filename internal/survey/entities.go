package survey

import "strings"

// entities writes the 联农带农 passage of 一、（三） from the overview's
// sectors.entities block (docs/figures.md, "Business entities (联农带农)")
// in the founding document's form, or the notHeld line when no entity,
// link, share or agreement counts.
func (r *Report) entities() {
	e := r.Figures.Overview.Sectors.Entities
	if e.Entities == 0 && e.HouseholdsLinked == 0 && e.SharesFen == 0 && e.AgreementHouseholds == 0 {
		r.notHeld("联农带农", "龙头企业、合作社利益联结和分红")
		return
	}
	var kinds []string
	for _, k := range e.ByKind {
		if k.Count > 0 {
			kinds = append(kinds, k.Kind+num(k.Count)+"个")
		}
	}
	s := "截至" + r.date() + "，" + r.all() + "共有新型经营主体" + num(e.Entities) + "个"
	if len(kinds) > 0 {
		s += "（" + strings.Join(kinds, "、") + "）"
	}
	if e.TownshipsAll > 0 {
		s += "，覆盖" + num(e.Townships) + "个乡镇" + num(e.Villages) + "个村"
	} else { // a village's report
		s += "，覆盖" + num(e.Villages) + "个村"
	}
	switch {
	case e.TownshipsAll > 0 && e.Villages == e.VillagesAll && e.Townships == e.TownshipsAll:
		s += "，实现带镇、带村全覆盖"
	case e.VillagesAll > 0 && e.TownshipsAll > 0:
		s += "，分别占" + r.all() + "乡镇的" + pct(e.Townships, e.TownshipsAll) + "、村的" + pct(e.Villages, e.VillagesAll)
	}
	r.p(s + "，联结带动农户" + num(e.HouseholdsLinked) + "户。")
	if e.ShareEntities == 0 && e.AgreementHouseholds == 0 {
		return
	}
	s = num(e.ShareEntities) + "个经营主体持有农户入股资金" + wan(e.SharesFen) + "万元，与" + num(e.AgreementTownships) + "个乡镇" +
		num(e.AgreementHouseholds) + "户农户签订分红协议"
	switch {
	case e.PayoutsDue == 0:
		s += "，" + r.since() + "尚无到期分红"
	case e.PayoutsPaid == e.PayoutsDue:
		s += "，" + r.since() + "到期分红" + num(e.PayoutsDue) + "笔" + wan(e.PayoutsDueFen) + "万元，已足额兑付"
	default:
		s += "，" + r.since() + "到期分红" + num(e.PayoutsDue) + "笔" + wan(e.PayoutsDueFen) + "万元，已兑付" + num(e.PayoutsPaid) + "笔" +
			wan(e.PayoutsPaidFen) + "万元，兑付率" + pct(e.PayoutsPaid, e.PayoutsDue)
	}
	if e.Overdue > 0 {
		s += "；截至" + r.date() + "逾期未兑付分红" + num(e.Overdue) + "笔" + wan(e.OverdueFen) + "万元"
	}
	r.p(s + "。")
}

// entityProblem is the paragraph of 二 on entities linked to households
// only by land, lease or hired labour (only_weak), stated when there is
// one.
func (r *Report) entityProblem() (problem, bool) {
	e := r.Figures.Overview.Sectors.Entities
	if e.OnlyWeak == 0 {
		return problem{}, false
	}
	return problem{"部分新型经营主体联农带农机制不够紧密。",
		r.all() + "共有新型经营主体" + num(e.Entities) + "个，其中" + num(e.OnlyWeak) + "个新型经营主体仅通过土地流转、租赁或雇工与农户联结，占" +
			pct(e.OnlyWeak, e.Entities) + "，利益联结方式单一。", nil}, true
}
