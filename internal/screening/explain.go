package screening

import (
	"fmt"
	"strconv"

	"fangpin/internal/civil"
	"fangpin/internal/money"
)

// Summary explains a warning in one Chinese sentence: what was found and
// the threshold it exceeded.
func (w Warning) Summary() string {
	f, t := w.Figures, w.Threshold
	income := ""
	if f["income_year"] != 0 {
		income = fmt.Sprintf("，或家庭年纯收入（%d年人均%s×%d人=%s）的%d%%", f["income_year"], yuan(f["income_fen"]),
			f["members"], yuan(f["annual_income_fen"]), t.Percent)
	}
	switch w.Rule {
	case MedicalOOP:
		return fmt.Sprintf("%s至%s现有成员个人自付医疗费用%s（%d笔），超过%s%s", t.WindowFrom, t.WindowTo,
			yuan(f["oop_fen"]), f["rows"], yuan(t.AmountFen), income)
	case DisasterLoss:
		return fmt.Sprintf("%s至%s灾害损失%s（%d笔），超过%s%s", t.WindowFrom, t.WindowTo, yuan(f["loss_fen"]), f["rows"],
			yuan(t.AmountFen), income)
	case IncomeBelowRange:
		return fmt.Sprintf("%d年人均纯收入%s，低于当年监测范围%s，且未纳入监测", f["income_year"], yuan(f["income_fen"]),
			yuan(t.LineFen))
	case IncomeDrop:
		return fmt.Sprintf("%d年人均纯收入%s，比%d年的%s下降%s，降幅超过%d%%", f["income_year"], yuan(f["income_fen"]),
			f["prev_income_year"], yuan(f["prev_income_fen"]), yuan(f["drop_fen"]), t.Percent)
	case Dropout:
		return fmt.Sprintf("%s至%s有%d岁成员辍学（%d条记录），属%d至%d岁", t.WindowFrom, t.WindowTo, f["age"], f["rows"],
			t.MinAge, t.MaxAge)
	case UnsafeHouse:
		return fmt.Sprintf("%s住房安全鉴定为%c级", civil.Date(f["assessed"]).String(), rune('A'+f["grade"]-1))
	case LabourDeath:
		return fmt.Sprintf("%s有劳动力成员死亡", civil.Date(f["died"]).String())
	case SevereDisability:
		return fmt.Sprintf("%s至%s新办%s残疾证（%d条记录）", t.WindowFrom, t.WindowTo, gradeLabel(f["grade"]), f["rows"])
	case Unemployment:
		return fmt.Sprintf("%s有务工成员报告失业（%d人）", civil.Date(f["day"]).String(), f["persons"])
	}
	return w.Rule.Label()
}

// yuan renders fen as 元 with two decimals: 1234567 → "12345.67元".
func yuan(fen int64) string { return money.Format(fen) + "元" }

func gradeLabel(g int64) string {
	if g >= 1 && g <= 4 {
		return []string{"一级", "二级", "三级", "四级"}[g-1]
	}
	return strconv.FormatInt(g, 10) + "级"
}
