package casework

import (
	"slices"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
)

// goodData is valid data for every action, with positive decisions.
var goodData = map[Action]Data{
	ActAccept:          nil,
	ActReject:          {"reason": "不属于风险线索"},
	ActVerify:          {"consent": true, "notes": "已入户", "checklist": map[string]any{"收入": true}, "income_per_capita_fen": 512300.0},
	ActReview:          {"qualifies": true, "minutes": "村民代表会议一致同意"},
	ActPublishNotice:   {"start": "2026-11-02", "place": "村务公开栏"},
	ActRecordObjection: {"objection": "有村民提出其家有车"},
	ActEndNotice:       {"result": "无异议"},
	ActTownshipReview:  {"approve": true},
	ActCountyApprove:   {"approve": true},
	ActEnrol:           {"category": "突发严重困难户", "risk_types": []any{"因病"}, "announcement": "县公告2026第3号"},
	ActClose:           {"reason": "收入高于监测范围"},
	ActReopen:          {"objection": "收入算错了"},
}

// noData is data with the negative decision of actions that have one.
var noData = map[Action]Data{
	ActReview:         {"qualifies": false, "minutes": "评议", "reason": "家有营运货车"},
	ActTownshipReview: {"approve": false, "reason": "核实不全，请重新入户"},
	ActCountyApprove:  {"approve": false, "reason": "收入高于监测范围"},
}

type arc struct {
	from State
	a    Action
	to   State
	no   State // target of the negative decision, "" when none
}

// allowedArcs restates the transition table of the ordinary procedure.
var allowedArcs = []arc{
	{StateReported, ActAccept, StateAccepted, ""},
	{StateReported, ActReject, StateClosed, ""},
	{StateAccepted, ActVerify, StateVerified, ""},
	{StateAccepted, ActClose, StateClosed, ""},
	{StateVerified, ActReview, StateReviewed, StateClosed},
	{StateVerified, ActClose, StateClosed, ""},
	{StateReviewed, ActPublishNotice, StateNotice, ""},
	{StateReviewed, ActClose, StateClosed, ""},
	{StateNotice, ActRecordObjection, StateNotice, ""},
	{StateNotice, ActEndNotice, StateNoticeEnded, ""},
	{StateNotice, ActClose, StateClosed, ""},
	{StateNoticeEnded, ActTownshipReview, StateTownshipReviewed, StateAccepted},
	{StateNoticeEnded, ActClose, StateClosed, ""},
	{StateTownshipReviewed, ActCountyApprove, StateCountyApproved, StateClosed},
	{StateTownshipReviewed, ActClose, StateClosed, ""},
	{StateCountyApproved, ActEnrol, StateEnrolled, ""},
	{StateClosed, ActReopen, StateAccepted, ""},
}

// greenFrom are the states a green-channel case may be enrolled from.
var greenFrom = []State{StateAccepted, StateVerified, StateReviewed, StateNotice, StateNoticeEnded, StateTownshipReviewed}

func allowedArc(s State, a Action) (arc, bool) {
	for _, x := range allowedArcs {
		if x.from == s && x.a == a {
			return x, true
		}
	}
	return arc{}, false
}

func TestAllowedTransitions(t *testing.T) {
	for _, x := range allowedArcs {
		if !Allowed(x.from, x.a, false) || !Allowed(x.from, x.a, true) {
			t.Errorf("Allowed(%s, %s) = false", x.from, x.a)
		}
		if to, err := Next(x.from, x.a, goodData[x.a]); err != nil || to != x.to {
			t.Errorf("Next(%s, %s) = %s, %v; want %s", x.from, x.a, to, err, x.to)
		}
		if x.no == "" {
			continue
		}
		if to, err := Next(x.from, x.a, noData[x.a]); err != nil || to != x.no {
			t.Errorf("Next(%s, %s, no) = %s, %v; want %s", x.from, x.a, to, err, x.no)
		}
	}
}

// TestRefusedTransitions generates every state × action pair that the
// table does not allow and expects a conflict naming both.
func TestRefusedTransitions(t *testing.T) {
	refused := 0
	for _, s := range States {
		for _, a := range Actions {
			if _, ok := allowedArc(s, a); ok {
				continue
			}
			refused++
			if Allowed(s, a, false) {
				t.Errorf("Allowed(%s, %s) = true", s, a)
			}
			green := a == ActEnrol && slices.Contains(greenFrom, s)
			if Allowed(s, a, true) != green {
				t.Errorf("Allowed(%s, %s, green) = %v", s, a, !green)
			}
			_, err := Next(s, a, goodData[a])
			if !isConflictOf(err, s, a) {
				t.Errorf("Next(%s, %s) = %v, want a conflict", s, a, err)
			}
		}
	}
	if want := len(States)*len(Actions) - len(allowedArcs); refused != want || refused < 100 {
		t.Fatalf("checked %d refused pairs, want %d", refused, want)
	}
}

func TestNextGreen(t *testing.T) {
	for _, s := range greenFrom {
		to, f, err := NextGreen(s, ActEnrol, goodData[ActEnrol])
		if err != nil || to != StateEnrolled || len(f) == 0 || f.At() != s {
			t.Errorf("NextGreen(%s, enrol) = %s, %v, %v", s, to, f, err)
		}
	}
	to, f, err := NextGreen(StateCountyApproved, ActEnrol, goodData[ActEnrol])
	if err != nil || to != StateEnrolled || f != nil {
		t.Errorf("NextGreen(county_approved, enrol) = %s, %v, %v", to, f, err)
	}
	if _, _, err := NextGreen(StateReported, ActEnrol, goodData[ActEnrol]); !isConflict(err) {
		t.Errorf("a green case enrolled before acceptance: %v", err)
	}
	if _, _, err := NextGreen(StateAccepted, ActEnrol, Data{"category": "x"}); !isInvalid(err, "category") {
		t.Errorf("green enrolment with bad data: %v", err)
	}
}

func TestFollowUpOrder(t *testing.T) {
	f := FollowUpFrom(StateAccepted)
	want := FollowUp{ActVerify, ActReview, ActPublishNotice, ActEndNotice, ActTownshipReview, ActCountyApprove}
	if !slices.Equal(f, want) {
		t.Fatalf("FollowUpFrom(accepted) = %v", f)
	}
	if got := parseFollowUp(f.String()); !slices.Equal(got, f) {
		t.Errorf("round trip: %v", got)
	}
	for i, a := range want {
		for _, b := range Actions {
			ok := b == a || b == ActRecordObjection && a == ActEndNotice
			if f.Allows(b) != ok {
				t.Errorf("step %d: Allows(%s) = %v", i, b, !ok)
			}
		}
		if f.After(ActRecordObjection).Next() != a {
			t.Error("an objection removed a step")
		}
		f = f.After(a)
	}
	if f != nil || f.Next() != "" || f.Allows(ActVerify) {
		t.Errorf("after every step: %v", f)
	}
	if FollowUpFrom(StateReported) != nil || FollowUpFrom(StateCountyApproved) != nil {
		t.Error("follow-up from a state without green enrolment")
	}
}

func TestInvalidData(t *testing.T) {
	cases := []struct {
		a     Action
		d     Data
		field string
	}{
		{ActReject, Data{"reason": "  "}, "reason"},
		{ActVerify, Data{"notes": "x"}, "consent"},
		{ActVerify, Data{"consent": "yes", "notes": "x"}, "consent"},
		{ActVerify, Data{"consent": true}, "notes"},
		{ActVerify, Data{"consent": true, "notes": "x", "income_per_capita_fen": 1.5}, "income_per_capita_fen"},
		{ActVerify, Data{"consent": true, "notes": "x", "income_per_capita_fen": -1}, "income_per_capita_fen"},
		{ActVerify, Data{"consent": true, "notes": "x", "checklist": []any{"收入"}}, "checklist"},
		{ActVerify, Data{"consent": true, "notes": "x", "checklist": map[string]any{"收入": "是"}}, "checklist"},
		{ActReview, Data{"minutes": "x"}, "qualifies"},
		{ActReview, Data{"qualifies": true}, "minutes"},
		{ActReview, Data{"qualifies": false, "minutes": "x"}, "reason"},
		{ActPublishNotice, Data{"start": "2026-13-01"}, "start"},
		{ActPublishNotice, Data{"start": "2026-11-02", "place": 3}, "place"},
		{ActRecordObjection, nil, "objection"},
		{ActTownshipReview, Data{"approve": false}, "reason"},
		{ActCountyApprove, Data{}, "approve"},
		{ActEnrol, Data{"risk_types": []any{"因病"}, "announcement": "x"}, "category"},
		{ActEnrol, Data{"category": "边缘易致贫户", "announcement": "x"}, "risk_types"},
		{ActEnrol, Data{"category": "边缘易致贫户", "risk_types": []any{"因穷"}, "announcement": "x"}, "risk_types"},
		{ActEnrol, Data{"category": "边缘易致贫户", "risk_types": []any{"因病", "因病"}, "announcement": "x"}, "risk_types"},
		{ActEnrol, Data{"category": "边缘易致贫户", "risk_types": []any{"因病", "因残", "因学", "因缺劳动力", "其他", "因产业失败"}, "announcement": "x"}, "risk_types"},
		{ActEnrol, Data{"category": "边缘易致贫户", "risk_types": []any{"因病"}}, "announcement"},
		{ActClose, Data{"reason": string(make([]rune, 501))}, "reason"},
		{ActReopen, Data{"objection": ""}, "objection"},
	}
	for _, c := range cases {
		s := fromOf(c.a)
		if _, err := Next(s, c.a, c.d); !isInvalid(err, c.field) {
			t.Errorf("%s with %v: %v, want invalid %s", c.a, c.d, err, c.field)
		}
	}
}

// fromOf is a state the action is allowed from.
func fromOf(a Action) State {
	for _, x := range allowedArcs {
		if x.a == a {
			return x.from
		}
	}
	return ""
}

func TestDataCleaned(t *testing.T) {
	_, _, d, err := step(StateCountyApproved, ActEnrol, Data{"category": " 边缘易致贫户 ",
		"risk_types": []any{"因自然灾害（洪涝）", "因病"}, "announcement": "公告", "extra": "dropped"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if d["category"] != "边缘易致贫户" || !slices.Equal(d.Strings("risk_types"), []string{"因自然灾害(洪涝)", "因病"}) || d["extra"] != nil {
		t.Errorf("cleaned data %v", d)
	}
	_, _, d, _ = step(StateAccepted, ActVerify, Data{"consent": false, "notes": "户主拒签", "income_per_capita_fen": 700000.0}, false)
	if d["consent"] != false || d["income_per_capita_fen"] != int64(700000) {
		t.Errorf("verify data %v", d)
	}
}

func TestLabels(t *testing.T) {
	for _, s := range States {
		if s.Label() == "" || !s.Valid() {
			t.Errorf("state %s has no label", s)
		}
	}
	for _, a := range append(slices.Clone(Actions), EventOpen, EventNote, EventLink) {
		if a.Label() == "" {
			t.Errorf("action %s has no label", a)
		}
	}
	for _, c := range []struct {
		err    *fault.Error
		zh, en string
	}{
		{conflict(StateAccepted, ActCountyApprove, fault.Text{}), "当前状态为“已受理”，不能执行“县级审定”",
			"In state “accepted”, the step “county approval” is not allowed"},
		{forbidden(auth.RoleVillage, ActCountyApprove), "“村级”角色不能执行“县级审定”",
			"The role “village” may not take the step “county approval”"},
		{forbidden(RoleSystem, ActEnrol), "“系统”角色不能执行“公告并纳入监测”",
			"The role “system” may not take the step “announce and enrol”"},
	} {
		if c.err.Error() != c.zh || c.err.Message(fault.EN) != c.en {
			t.Errorf("message %q / %q", c.err.Error(), c.err.Message(fault.EN))
		}
	}
}

func TestRoles(t *testing.T) {
	const (
		a, ci, co, to, vi, de, vw, sy = "admin", "city", "county", "township", "village", "department", "viewer", "system"
	)
	all := []auth.Role{a, ci, co, to, vi, de, vw, sy}
	cases := []struct {
		s     State
		a     Action
		roles []auth.Role
	}{
		{StateReported, ActAccept, []auth.Role{to, co, ci, a}},
		{StateReported, ActReject, []auth.Role{to, co, ci, a}},
		{StateAccepted, ActVerify, []auth.Role{vi, to, co, ci, a}},
		{StateVerified, ActReview, []auth.Role{vi, to, co, ci, a}},
		{StateReviewed, ActPublishNotice, []auth.Role{vi, to, co, ci, a}},
		{StateNotice, ActRecordObjection, []auth.Role{vi, to, co, ci, a}},
		{StateNotice, ActEndNotice, []auth.Role{vi, to, co, ci, a}},
		{StateNoticeEnded, ActTownshipReview, []auth.Role{to, co, ci, a}},
		{StateTownshipReviewed, ActCountyApprove, []auth.Role{co, ci, a}},
		{StateCountyApproved, ActEnrol, []auth.Role{co, ci, a}},
		{StateClosed, ActReopen, []auth.Role{sy, to, co, ci, a}},
		{StateAccepted, ActClose, []auth.Role{vi, to, co, ci, a}},
		{StateNotice, ActClose, []auth.Role{vi, to, co, ci, a}},
		{StateNoticeEnded, ActClose, []auth.Role{to, co, ci, a}},
		{StateTownshipReviewed, ActClose, []auth.Role{co, ci, a}},
	}
	for _, c := range cases {
		for _, r := range all {
			want := slices.Contains(c.roles, r)
			if got := May(auth.User{Role: r}, c.s, c.a); got != want {
				t.Errorf("%s may %s in %s: %v, want %v", r, c.a, c.s, got, want)
			}
		}
		if May(auth.User{Role: c.roles[0], Disabled: true}, c.s, c.a) {
			t.Errorf("a disabled %s may %s", c.roles[0], c.a)
		}
	}
}

func isConflict(err error) bool { return fault.KindOf(err) == fault.Conflict }

// isConflictOf reports whether err refuses action a in state s: its message
// starts with that refusal (a reason may follow).
func isConflictOf(err error, s State, a Action) bool {
	return isConflict(err) && strings.HasPrefix(err.Error(), conflict(s, a, fault.Text{}).Error())
}

func isInvalid(err error, field string) bool { return fault.InvalidOn(err, field) }
