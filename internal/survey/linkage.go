package survey

import (
	"strconv"
	"strings"

	"fangpin/internal/project"
)

// linkage writes the passages of 一、（三） that the overview's projects and
// labour blocks (docs/figures.md, "Projects (项目库与产业链)" and "Labour
// transfer (就业帮扶)") give, in the founding document's form, or the
// notHeld line of a source with nothing recorded for the year.
func (r *Report) linkage() {
	s := r.Figures.Overview.Sectors
	year := strconv.Itoa(r.AsOf.Year()) + "年，"
	if p := s.Projects; p.Projects == 0 && p.OutputFen == 0 {
		r.notHeld("产业项目和衔接资金", "本年度项目库、产业链项目和产业链产值")
	} else {
		text := chainText(p)
		if p.Projects > 0 {
			text += "项目库入库项目" + num(p.Projects) + "个，总投资" + yi(p.PlannedFen) + "亿元，其中衔接资金" +
				wan(p.LinkageFen) + "万元，用于产业发展的占" + pct2(p.LinkageIndustryFen, p.LinkageFen) + "；"
		}
		r.p(year + r.all() + strings.TrimSuffix(text, "；") + "。")
	}
	if l := s.Labour; l.Transferred == 0 && l.Subsidised == 0 {
		r.notHeld("转移就业", "本年度脱贫劳动力外出务工和交通补助")
	} else {
		r.p(year + r.all() + "为符合条件的" + num(l.Subsidised) + "名外出务工脱贫劳动力发放一次性交通补助" + wan(l.SubsidyAmountFen) +
			"万元，转移就业脱贫劳动力" + num(l.Transferred) + "人，实现劳务收入" + yi(l.IncomeFen) + "亿元。")
	}
}

// chainText is the sentence of the chain projects and output, "" when
// there are neither.
func chainText(p project.Figures) string {
	out := ""
	if p.ChainProjects > 0 {
		out = "实施产业链项目" + num(p.ChainProjects) + "个，完成投资" + yi(p.ChainCompletedFen) + "亿元，占计划的" +
			pct2(p.ChainCompletedFen, p.ChainPlannedFen) + "；"
	}
	if p.OutputFen > 0 {
		out += "产业链产值达" + yi(p.OutputFen) + "亿元"
		switch d := p.OutputFen - p.OutputPrevFen; {
		case p.OutputPrevFen == 0:
		case d >= 0:
			out += "、同比增长" + pct2(d, p.OutputPrevFen)
		default:
			out += "、同比下降" + pct2(-d, p.OutputPrevFen)
		}
		out += "；"
	}
	return out
}

// pct2 writes part ÷ whole in percent with two decimals, rounded half up
// (95.92%); 0% of nothing is "0.00%".
func pct2(part, whole int64) string {
	if whole <= 0 {
		return "0.00%"
	}
	hundredths := (part*20000 + whole) / (2 * whole)
	return strconv.FormatInt(hundredths/100, 10) + "." + pad2(hundredths%100) + "%"
}
