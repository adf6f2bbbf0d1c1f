// Package ledger writes the ledgers (台账) inspections ask for, for a region
// and a period, as one Excel workbook with one sheet per ledger: monitored
// households, assistance measures, visits, warnings and their handling,
// self-reports and their handling. Every row and every column comes from
// records; nothing is typed for the purpose. The rows are read with the
// domain packages' row iterators, one cursor at a time, so memory stays
// flat whatever the region. docs/reports.md defines each ledger.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/monitoring"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/screening"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
	"fangpin/internal/visit"
)

// Request is one workbook of ledgers.
type Request struct {
	Region     string     // 12-digit code inside the scope; "" for the whole scope
	RegionName string     // the region's name, for the title rows
	From, To   civil.Date // the period, both days included
	Full       bool       // complete ID and phone numbers (the caller checked the role and audits)
	Today      civil.Date // for "handled within the deadline": a case undecided past its deadline
}

// Sheet is one ledger written: its name and its rows.
type Sheet struct {
	Name string `json:"name"`
	Rows int    `json:"rows"`
}

// Result is what a workbook holds.
type Result struct {
	Sheets []Sheet `json:"sheets"`
	Rows   int     `json:"rows"` // all sheets together
}

// Names are the ledgers in the workbook's order.
var Names = []string{"监测对象台账", "帮扶措施台账", "走访台账", "预警处置台账", "自主申报台账"}

// maxRows is the most data rows a sheet takes: Excel's 1,048,576 rows less
// the title and header.
var maxRows = 1<<20 - 2

// maxPeriodDays bounds a period: ten years.
const maxPeriodDays = 3660

// CheckPeriod refuses a period without both days, ending before it begins
// or longer than ten years.
func CheckPeriod(from, to civil.Date) error {
	switch {
	case from == 0:
		return fault.Invalidf("from", "请填写起始日期（YYYY-MM-DD）", "Give the first day (YYYY-MM-DD)")
	case to == 0:
		return fault.Invalidf("to", "请填写截止日期（YYYY-MM-DD）", "Give the last day (YYYY-MM-DD)")
	case to < from:
		return fault.Invalidf("to", "截止日期不能早于起始日期", "The last day cannot come before the first")
	case to.UTC().Sub(from.UTC()) > maxPeriodDays*24*time.Hour:
		return fault.Invalidf("to", "期间不能超过十年", "The period cannot be longer than ten years")
	}
	return nil
}

// ledger is one sheet: its columns and how its rows are read.
type ledger struct {
	name string
	cols []export.Column
	each func(w *writer, emit func(...any) error) error
}

// writer holds what every ledger reads with.
type writer struct {
	ctx    context.Context
	q      store.Querier
	keys   *pii.Keys
	scope  store.Scope
	req    Request
	places map[string][3]string
}

// Write writes the five ledgers of req as sheets of x, in the order of
// Names, and returns the rows of each. The caller closes x (after auditing
// the result) or aborts it. A region outside scope is store.ErrNotFound.
func Write(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, x *export.XLSX, req Request) (Result, error) {
	if err := CheckPeriod(req.From, req.To); err != nil {
		return Result{}, err
	}
	if _, err := scope.Narrow(req.Region); err != nil {
		return Result{}, err
	}
	if req.Full && keys == nil {
		return Result{}, errors.New("ledger: full numbers need the key")
	}
	w := &writer{ctx: ctx, q: q, keys: keys, scope: scope, req: req, places: map[string][3]string{}}
	var res Result
	for _, l := range ledgers() {
		sh := x.Sheet(l.name, Title(req.RegionName, l.name, req.From, req.To), l.cols)
		n := 0
		err := l.each(w, func(vals ...any) error {
			if n++; n > maxRows {
				return fault.Invalidf("region", "“%s”超过Excel工作表的行数上限（%d行），请按较小的区划分别导出",
					"“%s” has more rows than an Excel sheet holds (%d); ask for smaller regions", l.name, maxRows)
			}
			return sh.Row(vals...)
		})
		if err != nil {
			return res, err
		}
		res.Sheets = append(res.Sheets, Sheet{Name: l.name, Rows: n})
		res.Rows += n
	}
	return res, nil
}

// Title is a ledger's title row: 金昌市 走访台账（2026年1月1日至2026年6月30日）.
func Title(regionName, name string, from, to civil.Date) string {
	return fmt.Sprintf("%s %s（%s至%s）", regionName, name, from.Chinese(), to.Chinese())
}

// place names the county, township and village of a village code, each
// region looked up once ("" for a level the code lacks; the code itself
// for a region not stored).
func (w *writer) place(code string) ([3]string, error) {
	if n, ok := w.places[code]; ok {
		return n, nil
	}
	var n [3]string
	chain, err := region.Ancestors(w.ctx, w.q, code)
	switch {
	case errors.Is(err, store.ErrNotFound):
		n[2] = code
	case err != nil:
		return n, err
	}
	for _, r := range chain {
		if r.Level >= 3 && r.Level <= 5 {
			n[r.Level-3] = r.Name
		}
	}
	w.places[code] = n
	return n, nil
}

func text(h string) export.Column                { return export.Column{Header: h} }
func wide(h string, width float64) export.Column { return export.Column{Header: h, Width: width} }
func of(h string, k export.Kind) export.Column   { return export.Column{Header: h, Kind: k} }

// placeCols are the county, township and village columns.
var placeCols = []export.Column{text("县（市、区）"), text("乡镇"), text("村")}

func cols(head []export.Column, tail ...export.Column) []export.Column {
	out := append(append([]export.Column{}, head...), placeCols...)
	return append(out, tail...)
}

// row puts the place names of code after the first values.
func (w *writer) row(emit func(...any) error, code string, head []any, tail ...any) error {
	p, err := w.place(code)
	if err != nil {
		return err
	}
	return emit(append(append(head, p[0], p[1], p[2]), tail...)...)
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// day is a stored day (YYYY-MM-DD) or time (RFC 3339, taken in China time)
// as a date cell; 0, an empty cell, otherwise.
func day(v string) civil.Date {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return civil.DateOf(t)
	}
	d, _ := civil.ParseISO(v)
	return d
}

func orEmpty(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func join(vs []string) string { return strings.Join(vs, "、") }

// ledgers are the five ledgers in the workbook's order (Names).
func ledgers() []ledger {
	return []ledger{
		{Names[0], cols([]export.Column{text("户编号"), text("户主姓名")}, text("户类型"), of("人口数", export.Integer),
			text("监测对象类别"), of("识别时间", export.Month), text("风险类型"), text("是否已消除"),
			of("消除时间", export.Month), wide("户主证件号码", 22), wide("联系电话", 14)), (*writer).households},
		{Names[1], cols([]export.Column{text("户编号"), text("户主姓名")}, text("措施类型"), text("措施子类"),
			wide("责任单位或责任人", 20), of("开始日期", export.Date), of("计划完成日期", export.Date), text("状态"),
			of("金额（元）", export.Money), text("退出监测后继续"), of("进展记录数", export.Integer),
			of("最近进展日期", export.Date), wide("最近进展", 30), wide("备注", 30)), (*writer).measures},
		{Names[2], cols([]export.Column{of("走访日期", export.Date), text("户编号"), text("户主姓名")}, text("走访人"),
			wide("发现问题", 30), wide("情况记录", 50), of("照片数", export.Integer), of("转办案件编号", export.Integer)),
			(*writer).visits},
		{Names[3], cols([]export.Column{of("预警编号", export.Integer), text("户编号")}, wide("预警规则", 20),
			text("所属期间"), of("预警日期", export.Date), text("状态"), text("处置结论"), wide("处置说明", 30),
			text("处置人"), of("处置日期", export.Date), of("转办案件编号", export.Integer)), (*writer).warnings},
		{Names[4], cols([]export.Column{text("回执编号"), of("申报日期", export.Date), text("申报人姓名")},
			wide("证件号码", 22), wide("联系电话", 14), text("困难类型"), wide("情况说明", 40), of("受理时限", export.Date),
			of("案件编号", export.Integer), text("办理状态"), text("办理结果"), wide("结果说明", 30),
			of("办结日期", export.Date), of("办理时限", export.Date), text("是否按时办结")), (*writer).selfReports},
	}
}

// households: under monitoring in at least one month of the period.
func (w *writer) households(emit func(...any) error) error {
	f := registry.Filter{Region: w.req.Region, MonitoredFrom: int(w.req.From.Month()), MonitoredTo: int(w.req.To.Month())}
	return registry.ForEachHousehold(w.ctx, w.q, w.keys, w.scope, f, w.req.Full, func(h registry.Row) error {
		elim := ""
		if h.IdentifiedMonth != 0 {
			elim = yesNo(h.Eliminated)
		}
		return w.row(emit, h.RegionCode, []any{h.Code, h.HeadName}, h.Type, h.Members, h.Category,
			civil.Month(h.IdentifiedMonth), join(h.Risks), elim, civil.Month(h.EliminatedMonth), h.HeadID, h.Phone)
	})
}

// measures: started on or before the last day and due on or after the first.
func (w *writer) measures(emit func(...any) error) error {
	return monitoring.ForEachMeasure(w.ctx, w.q, w.scope, w.req.Region, w.req.From.String(), w.req.To.String(),
		func(m monitoring.MeasureRow) error {
			return w.row(emit, m.Region, []any{m.HouseholdCode, m.HeadName}, m.Type, m.Subtype, m.Owner, day(m.StartOn),
				day(m.DueOn), m.Status.Label(), m.AmountFen, yesNo(m.ContinuesAfterExit), m.Updates, day(m.LastOn),
				m.LastNote, m.Notes)
		})
}

// visits: made on a day of the period.
func (w *writer) visits(emit func(...any) error) error {
	f := visit.LogFilter{Region: w.req.Region, From: w.req.From.String(), To: w.req.To.String()}
	return visit.ForEachLog(w.ctx, w.q, w.scope, f, func(e visit.LogEntry) error {
		return w.row(emit, e.Region, []any{day(e.Date), e.HouseholdCode, e.HeadName}, e.Visitor, join(e.Problems),
			e.Findings, e.PhotoCount, orEmpty(e.CaseID))
	})
}

// decisionLabels name the decisions on a warning.
var decisionLabels = map[screening.DecisionKind]string{screening.DecideOpenCase: "转办案件（入户核实）",
	screening.DecideHandled: "已在监测帮扶中", screening.DecideNotRisk: "经核实无风险"}

// warnings: raised by a screening as of a day of the period.
func (w *writer) warnings(emit func(...any) error) error {
	f := screening.Filter{Region: w.req.Region, From: w.req.From.String(), To: w.req.To.String()}
	return screening.ForEach(w.ctx, w.q, w.scope, f, func(x screening.Warning) error {
		return w.row(emit, x.Region, []any{x.ID, x.HouseholdCode}, x.Rule.Label(), x.Period, day(x.AsOf),
			x.Status.Label(), decisionLabels[x.Decision], x.Reason, x.DecidedBy, day(x.DecidedAt), orEmpty(x.CaseID))
	})
}

// selfReports: received on a day of the period, with their case.
func (w *writer) selfReports(emit func(...any) error) error {
	return selfreport.ForEach(w.ctx, w.q, w.keys, w.scope, w.req.Region, w.req.From, w.req.To, w.req.Full,
		func(e selfreport.Entry) error {
			state := ""
			if e.CaseID != 0 {
				state = e.State.Label()
			}
			return w.row(emit, e.Region, []any{e.Receipt, day(e.CreatedAt), e.HeadName}, e.ID, e.Phone, join(e.RiskTypes),
				e.Description, day(e.DueBy), orEmpty(e.CaseID), state, outcomeLabels[e.Outcome], e.OutcomeReason,
				day(e.DecidedAt), day(e.TotalDue), OnTime(e.DecidedAt, e.TotalDue, w.req.Today))
		})
}

// outcomeLabels name the decisions on a case.
var outcomeLabels = map[casework.Outcome]string{casework.OutcomeEnrolled: "纳入监测", casework.OutcomeNotQualifying: "不符合条件"}

// OnTime says whether a case was decided within its deadline: 是 when
// decided on or before the deadline's day, 否 when decided after it, 否（超时未办结）
// when undecided after it as of today, 办理中 when undecided and not late,
// "" when it has no deadline.
func OnTime(decidedAt, due string, today civil.Date) string {
	d := day(due)
	switch {
	case d == 0:
		return ""
	case decidedAt != "":
		return yesNo(day(decidedAt) <= d)
	case today > d:
		return "否（超时未办结）"
	}
	return "办理中"
}
