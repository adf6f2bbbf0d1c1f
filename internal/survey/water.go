package survey

// dropoutText is the 控辍保学 clause after "全市" (docs/survey.md): none
// out of school, or how many are, how many are followed up, and how many
// came back to school through the follow-ups.
func dropoutText(dropouts, followed, returned int) string {
	back := ""
	if returned > 0 {
		back = "，经控辍保学劝返复学" + num(returned) + "人"
	}
	if dropouts == 0 {
		return "义务教育阶段无失学辍学学生" + back
	}
	return "义务教育阶段有辍学学生" + num(dropouts) + "人，已落实控辍保学跟踪" + num(followed) + "人" + back
}

// water writes 安全饮水 from the sectors block's water figures: the
// schemes, the samples of the period and their pass rate, the problems
// open on the day; the notHeld line when no scheme, sample or problem is
// recorded. Without samples in the period it says so: no rate is made up.
func (r *Report) water() {
	w := r.Figures.Overview.Sectors.Water
	if w.Schemes == 0 && w.Samples == 0 && w.OpenProblems == 0 {
		r.notHeld("安全饮水", "供水工程监测和水质抽检")
		return
	}
	s := "安全饮水方面，" + r.all() + "登记集中和分散供水工程" + num(w.Schemes) + "处，" + r.since()
	if w.Samples == 0 {
		s += "尚无水样抽检记录"
	} else {
		s += "抽检水样" + num(w.Samples) + "份，合格率" + pct(w.SamplesQualified, w.Samples)
		if w.SamplesQualified == w.Samples {
			s += "，抽检水样全部符合生活饮用水卫生标准"
		}
	}
	s += "；截至" + r.date() + "，"
	switch {
	case w.OpenProblems == 0:
		s += "群众反映的饮水问题均已解决"
	case w.HouseholdsAffected > 0:
		s += "尚未解决的饮水问题" + num(w.OpenProblems) + "个，其中供水工程问题涉及" + num(w.HouseholdsAffected) + "户"
	default:
		s += "尚未解决的饮水问题" + num(w.OpenProblems) + "个"
	}
	r.p(s + "。")
}
