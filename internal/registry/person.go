package registry

import (
	"fmt"
	"strconv"
	"strings"

	"fangpin/internal/idcard"
)

func (p *rowParser) person(rec []string, f *personFields) {
	l := p.l
	if f.Name = l.cell(rec, ColName); f.Name == "" {
		p.bad(ColName, "必填")
	} else if len([]rune(f.Name)) > 50 {
		p.bad(ColName, "姓名过长（最多50个字）")
	}
	p.identity(rec, f)
	f.Relation = normRelation(l.cell(rec, ColRelation))
	if !relations[f.Relation] {
		p.bad(ColRelation, fmt.Sprintf("%q不是有效的与户主关系", l.cell(rec, ColRelation)))
	}
	f.Ethnicity = p.enum(rec, ColEthnicity, ethnicities, "民族")
	p.education(rec, f)
	p.health(rec, f)
	f.LabourSkill = p.enum(rec, ColSkill, labourSkills, "劳动技能")
	if v := l.cell(rec, ColWorkMonths); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 12 {
			p.bad(ColWorkMonths, "务工时间应为0至12之间的整数（月）")
		} else {
			f.WorkMonths = &n
		}
	}
	if f.WorkPlace = l.cell(rec, ColWorkPlace); len([]rune(f.WorkPlace)) > 100 {
		p.bad(ColWorkPlace, "务工所在地过长（最多100个字）")
	}
	if f.Phone = l.cell(rec, ColPhone); f.Phone != "" {
		if err := idcard.ValidPhone(f.Phone); err != nil {
			p.bad(ColPhone, err.Error())
		}
	}
	f.Dibao = p.yesNo(rec, ColDibao)
	f.Tekun = p.yesNo(rec, ColTekun)
	f.Insured = p.yesNo(rec, ColInsured)
}

func (p *rowParser) identity(rec []string, f *personFields) {
	raw := p.l.cell(rec, ColID)
	if raw == "" {
		p.bad(ColID, "必填")
		return
	}
	if strings.ContainsAny(raw, "Ee") && strings.Contains(raw, "+") {
		p.bad(ColID, "证件号码被Excel存成了数字（科学计数法），末几位已丢失；请把该列设为“文本”格式后重新填写")
		return
	}
	info, err := idcard.Parse(raw, p.now)
	if err != nil {
		p.bad(ColID, err.Error())
		return
	}
	f.ID = info.Number
	f.Sex = info.Sex()
	f.BirthDate = info.Birth.Format("2006-01-02")
	if sex := p.l.cell(rec, ColSex); sex != "" && sex != f.Sex {
		if sex != "男" && sex != "女" {
			p.bad(ColSex, "应为“男”或“女”")
		} else {
			p.bad(ColSex, fmt.Sprintf("性别“%s”与证件号码（第17位表示%s）不一致", sex, f.Sex))
		}
	}
}

func (p *rowParser) education(rec []string, f *personFields) {
	f.Education = p.enum(rec, ColEducation, educations, "文化程度")
	f.Schooling = p.enum(rec, ColSchooling, schoolings, "在校生状况")
	edu, sch := p.l.cell(rec, ColEducation), p.l.cell(rec, ColSchooling)
	switch {
	case edu != "" && sch != "":
		p.bad(ColSchooling, "文化程度与在校生状况只能填写其一（在校生填写在校生状况，其他人填写文化程度）")
	case edu == "" && sch == "":
		p.bad(ColEducation, "文化程度与在校生状况必须填写其一（学龄前儿童在在校生状况中填写“学龄前儿童”）")
	}
}

func (p *rowParser) health(rec []string, f *personFields) {
	v := p.l.cell(rec, ColHealth)
	if v == "" {
		p.bad(ColHealth, "必填")
		return
	}
	seen := map[string]bool{}
	for _, s := range splitList(v) {
		if !healthStates[s] {
			p.bad(ColHealth, fmt.Sprintf("%q不是有效的健康状况（健康、长期慢性病、患有大病、残疾）", s))
			return
		}
		if !seen[s] {
			seen[s] = true
			f.Health = append(f.Health, s)
		}
	}
	if seen[HealthHealthy] && len(seen) > 1 {
		p.bad(ColHealth, "“健康”不能与长期慢性病、患有大病、残疾同时填写")
	}
	f.Chronic, f.Major, f.Disabled = seen[HealthChronic], seen[HealthMajor], seen[HealthDisabled]
	f.Health = canonicalHealth(seen)
}

// canonicalHealth orders health states as the code list does, so the same
// states always store the same text whatever the separator or order used.
func canonicalHealth(seen map[string]bool) []string {
	var out []string
	for _, s := range []string{HealthHealthy, HealthChronic, HealthMajor, HealthDisabled} {
		if seen[s] {
			out = append(out, s)
		}
	}
	return out
}

func (p *rowParser) enum(rec []string, col string, allowed set, what string) string {
	v := p.l.cell(rec, col)
	if v != "" && !allowed[v] {
		p.bad(col, fmt.Sprintf("%q不是有效的%s", v, what))
		return ""
	}
	return v
}

func (p *rowParser) yesNo(rec []string, col string) *bool {
	v := p.l.cell(rec, col)
	if v == "" {
		return nil
	}
	b, ok := yesNo[v]
	if !ok {
		p.bad(col, "应为“是”或“否”")
		return nil
	}
	return &b
}
