package survey

import (
	"strconv"
	"strings"
)

// write lays out the report: the preamble, 一、总体情况 and its four parts,
// 二、存在的问题. docs/survey.md lists every sentence and its figure.
func (r *Report) write() {
	r.p("本报告依据系统中截至" + r.date() + "的数据自动生成，对" + r.Region.Name +
		"巩固拓展脱贫攻坚成果同乡村振兴有效衔接工作情况进行统计分析，各项数字均由系统计算得出。")
	r.h1("一、总体情况")
	r.monitoring()
	r.guarantees()
	r.incomeGrowth()
	r.villages()
	r.h1("二、存在的问题")
	r.problems()
}

// monitoring is 一、（一）: self-reports, measures and the monitoring figures.
func (r *Report) monitoring() {
	o := r.Figures.Overview
	m := o.Monitoring
	sr := o.SelfReports
	r.h2("（一）防返贫监测帮扶扎实推进。")
	s := r.all() + num(sr.Total) + "户农户通过“一键报贫”自主申报"
	if sr.Total == 0 {
		s = r.all() + "尚无农户通过“一键报贫”自主申报"
	} else {
		s += "，其中" + strconv.Itoa(r.AsOf.Year()) + "年" + num(sr.ThisYear) + "户，已办结" + num(sr.Handled) + "户"
		if sr.Overdue > 0 {
			s += "，超过办理时限" + num(sr.Overdue) + "户"
		}
	}
	r.p(s + "。")
	r.p("截至" + r.date() + "，" + r.all() + "新识别纳入监测对象" + hp(m.IdentifiedThisYear.Households, m.IdentifiedThisYear.Persons) +
		"，重新标注风险" + hp(m.RemarkedThisYear.Households, m.RemarkedThisYear.Persons) +
		"，累计纳入监测对象" + hp(m.Cumulative.Households, m.Cumulative.Persons) +
		"，已消除风险" + hp(m.Eliminated.Households, m.Eliminated.Persons) + "。")
	if m.Cumulative.Households > 0 {
		var parts []string
		for _, c := range categoryLabels() {
			n := m.ByCategory[c]
			parts = append(parts, c+hp(n.Households, n.Persons))
		}
		mon := r.Figures.Monitored
		r.p("累计纳入的监测对象中，" + strings.Join(parts, "，") + "；风险尚未消除的监测对象" + hp(mon.Households, mon.Persons) + "。")
		c := &Chart{Title: "累计纳入监测对象（按监测对象类别）", Unit: "户"}
		for _, cat := range categoryLabels() {
			c.Bars = append(c.Bars, Bar{Label: cat, Value: m.ByCategory[cat].Households})
		}
		r.chart(c)
	}
	ms := r.Figures.Measures
	if ms.Count == 0 {
		r.p("系统中尚未录入截至" + r.date() + "已实施的帮扶措施。")
	} else {
		r.p(r.all() + "落实帮扶措施" + num(ms.Count) + "项，涉及" + num(ms.Households) + "户，帮扶资金" + wan(ms.AmountFen) + "万元。")
	}
}

// notHeld is the one line of a passage whose data fangpin does not hold.
func (r *Report) notHeld(topic, data string) {
	r.p(topic + "方面，系统尚未汇集" + data + "数据，本部分暂不统计。")
}

// guarantees is 一、（二）: 三保障和饮水安全, whose data fangpin does not hold.
func (r *Report) guarantees() {
	r.h2("（二）“三保障”和饮水安全成果持续提升。")
	r.sectors() // 教育, 健康, 住房 (sectors.go)
	r.water()   // 安全饮水 (water.go)
}

// incomeGrowth is 一、（三）: 联农带农.
func (r *Report) incomeGrowth() {
	r.h2("（三）联农带农促进脱贫人口持续增收。")
	r.linkage()  // 产业项目和衔接资金, 转移就业 (linkage.go)
	r.entities() // 联农带农 (entities.go)
}

// villages is 一、（四）: 和美乡村.
func (r *Report) villages() {
	r.h2("（四）和美乡村建设加快推进。")
	r.villageLines() // villages.go
}

// problem is one paragraph of 二、存在的问题.
type problem struct {
	title, text string
	chart       *Chart
}

// problems is 二: each paragraph whose indicator reaches its threshold, in
// a fixed order, numbered as they come.
func (r *Report) problems() {
	f, o, set := r.Figures, r.Figures.Overview, r.Settings
	var ps []problem
	if reaches(f.IllnessRisk.Households, f.Monitored.Households, set.IllnessRiskPct) {
		il := o.Illness
		ps = append(ps, problem{"因病返贫致贫风险依然存在。",
			"据统计，" + r.ours() + "现有的" + num(o.Households.FormerlyPoor) + "户" + num(o.Persons.FormerlyPoor) +
				"名脱贫人口中，患病人口有" + num(il.PersonsIll) + "人（患慢性病" + num(il.Chronic) + "人，患大病" + num(il.Major) +
				"人），涉及" + num(il.Households) + "户，占脱贫户的" + pct(il.Households, o.Households.FormerlyPoor) + "。" +
				"风险尚未消除的" + num(f.Monitored.Households) + "户监测对象中，因病纳入监测的有" + hp(f.IllnessRisk.Households, f.IllnessRisk.Persons) +
				"，占" + pct(f.IllnessRisk.Households, f.Monitored.Households) + "。大病慢性病导致患者劳动能力丧失或降低，且治疗周期长，" +
				"因病致贫的脱贫人口和监测对象依然存在因病返贫致贫风险。", nil})
	}
	if pm := o.Monitoring.PlanMismatch; pm.Households > 0 && pm.Households >= set.MismatchHouseholds {
		ps = append(ps, problem{"部分帮扶措施与监测对象需求不相匹配。",
			r.all() + "有" + hp(pm.Households, pm.Persons) + "监测对象的风险类型尚无对应的帮扶措施，占风险尚未消除监测对象的" +
				pct(pm.Households, f.Monitored.Households) + "，帮扶措施未能与监测对象的真正需求相匹配。", nil})
	}
	if nd := o.Monitoring.NoDevelopmentMeasure; nd.Households > 0 && nd.Households >= set.NoDevelopmentHouseholds {
		ps = append(ps, problem{"有劳动能力的监测对象开发式帮扶落实不够。",
			r.all() + "有劳动能力的监测对象中，" + hp(nd.Households, nd.Persons) +
				"纳入监测已满一个月仍未落实产业、就业、金融或公益岗位等开发式帮扶措施。", nil})
	}
	if in := f.Income; reaches(in.Low(), in.Households, set.IncomeLowPct) {
		s := r.all() + "有收入记录的" + num(in.Households) + "户脱贫户和监测对象中，最近年度人均纯收入不高于监测范围的有" + num(in.NotAbove) +
			"户，高于监测范围但不超过其" + strconv.Itoa(100+in.MarginPct) + "%的有" + num(in.JustAbove) + "户，合计占" +
			pct(in.Low(), in.Households) + "，脱贫人口持续增收难度较大"
		if in.Missing > 0 {
			s += "；另有" + num(in.Missing) + "户尚无收入记录"
		}
		ps = append(ps, problem{"脱贫群众稳定增收难度较大。", s + "。", &Chart{
			Title: "脱贫户和监测对象最近年度人均纯收入与监测范围", Unit: "户", Bars: []Bar{
				{"不高于监测范围", in.NotAbove},
				{"高出不超过" + strconv.Itoa(in.MarginPct) + "%", in.JustAbove},
				{"高出" + strconv.Itoa(in.MarginPct) + "%以上", in.Above},
			}}})
	}
	if f.OverdueCases > 0 && f.OverdueCases >= set.OverdueCases {
		ps = append(ps, problem{"部分事项办理超出时限。",
			"截至" + r.date() + "，" + r.all() + "有" + num(f.OverdueCases) + "件监测帮扶事项超过办理时限，其中“一键报贫”申报" +
				num(f.OverdueSelfReports) + "件。", nil})
	}
	if p, ok := r.entityProblem(); ok { // entities.go
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		r.p("按照设定的阈值，各项监测指标均未发现突出问题。")
	}
	for i, p := range ps {
		r.h2(chineseOrdinal(i) + p.title)
		r.p(p.text)
		if p.chart != nil {
			r.chart(p.chart)
		}
	}
	if sec := r.Figures.Overview.Sectors; sec.Entities.Entities == 0 && sec.Projects.Projects == 0 {
		// without entities or projects the linkage problems cannot be judged
		r.p("产业发展联农带农等方面的问题，系统尚未汇集相应数据，本报告未作分析。")
	}
}
