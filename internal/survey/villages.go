package survey

import "strconv"

// villageLines writes 一、（四）from the overview's sectors.village block
// (docs/figures.md, "Village construction (和美乡村)") in the founding
// document's form, or the notHeld line when no village has indicators of
// the year.
func (r *Report) villageLines() {
	v := r.Figures.Overview.Sectors.Village
	if v.Villages == 0 {
		r.notHeld("和美乡村建设", "村庄规划、改厕、人居环境整治和乡村治理")
		return
	}
	year := strconv.Itoa(r.AsOf.Year())
	r.p("截至" + r.date() + "，系统汇集了" + r.all() + num(v.Villages) + "个行政村" + year + "年度的和美乡村建设指标。其中" +
		num(v.PlanDone) + "个村完成“多规合一”实用性村庄规划编制，已创建省级和美乡村示范村" + num(v.DemoProvincial) +
		"个、市级示范村" + num(v.DemoCity) + "个。")
	s := year + "年完成农村户厕改造" + num(v.ToiletsDone) + "座"
	if v.ToiletsPlanned > 0 {
		s += "（改厕任务" + num(v.ToiletsPlanned) + "座）"
	}
	if v.RegisteredHouseholds > 0 {
		s += "，卫生厕所普及率达到" + pct2(int64(v.SanitaryHouseholds), int64(v.RegisteredHouseholds)) + "（卫生厕所" + num(v.SanitaryHouseholds) +
			"户，占在册农户" + num(v.RegisteredHouseholds) + "户）"
	} else {
		s += "，所涉村在系统中尚无在册农户，卫生厕所普及率暂不计算"
	}
	r.p(s + "。")
	r.p(num(v.WithCleanersVehicles) + "个村配备保洁员和垃圾收运车辆，占" + pct(v.WithCleanersVehicles, v.Villages) + "；" +
		num(v.SewageTreated) + "个村实现生活污水有效治理，占" + pct(v.SewageTreated, v.Villages) + "；" +
		num(v.AllLists) + "个村小微权力、村级事务、公共服务清单齐全，占" + pct(v.AllLists, v.Villages) + "。")
}
