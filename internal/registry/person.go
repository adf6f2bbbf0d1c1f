package registry

import (
	"fmt"
	"strconv"
	"strings"

	"fangpin/internal/idcard"
)

func (p *rowParser) person(rec []string, f *personFields) {
	if f.Name = p.v[kName]; f.Name == "" {
		p.bad(ColName, "必填")
	} else if len([]rune(f.Name)) > 50 {
		p.bad(ColName, "姓名过长（最多50个字）")
	}
	p.identity(rec, f)
	f.Relation = normRelation(p.v[kRelation])
	if !relations[f.Relation] {
		p.bad(ColRelation, fmt.Sprintf("%q不是有效的与户主关系", p.v[kRelation]))
	}
	f.Ethnicity = p.enum(kEthnicity, ethnicities, "民族")
	p.education(rec, f)
	p.health(rec, f)
	f.LabourSkill = p.enum(kSkill, labourSkills, "劳动技能")
	if v := p.v[kWorkMonths]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 12 {
			p.bad(ColWorkMonths, "务工时间应为0至12之间的整数（月）")
		} else {
			f.WorkMonths = &n
		}
	}
	if f.WorkPlace = p.v[kWorkPlace]; len([]rune(f.WorkPlace)) > 100 {
		p.bad(ColWorkPlace, "务工所在地过长（最多100个字）")
	}
	if f.Phone = p.v[kPhone]; f.Phone != "" {
		if err := idcard.ValidPhone(f.Phone); err != nil {
			p.bad(ColPhone, err.Error())
		}
	}
	f.Dibao = p.yesNo(kDibao)
	f.Tekun = p.yesNo(kTekun)
	f.Insured = p.yesNo(kInsured)
}

func (p *rowParser) identity(rec []string, f *personFields) {
	raw := p.v[kID]
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
	if sex := p.v[kSex]; sex != "" && sex != f.Sex {
		if sex != "男" && sex != "女" {
			p.bad(ColSex, "应为“男”或“女”")
		} else {
			p.bad(ColSex, fmt.Sprintf("性别“%s”与证件号码（第17位表示%s）不一致", sex, f.Sex))
		}
	}
}

func (p *rowParser) education(rec []string, f *personFields) {
	f.Education = p.enum(kEducation, educations, "文化程度")
	f.Schooling = p.enum(kSchooling, schoolings, "在校生状况")
	edu, sch := p.v[kEducation], p.v[kSchooling]
	switch {
	case edu != "" && sch != "":
		p.bad(ColSchooling, "文化程度与在校生状况只能填写其一（在校生填写在校生状况，其他人填写文化程度）")
	case edu == "" && sch == "":
		p.bad(ColEducation, "文化程度与在校生状况必须填写其一（学龄前儿童在在校生状况中填写“学龄前儿童”）")
	}
}

func (p *rowParser) health(rec []string, f *personFields) {
	v := p.v[kHealth]
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

func (p *rowParser) enum(k colID, allowed set, what string) string {
	col, v := colNames[k], p.v[k]
	if v != "" && !allowed[v] {
		p.bad(col, fmt.Sprintf("%q不是有效的%s", v, what))
		return ""
	}
	return v
}

func (p *rowParser) yesNo(k colID) *bool {
	col, v := colNames[k], p.v[k]
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
