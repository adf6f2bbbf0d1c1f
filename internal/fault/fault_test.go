package fault

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

type state string

func (s state) Text() Text { return T("公示中", "in notice") }

func TestTextRendersArgumentsInTheSameLanguage(t *testing.T) {
	msg := T("当前状态为“%s”，不能%s", "The case is %s; cannot %s", state("notice"), T("受理", "accept"))
	if got := msg.In(ZH); got != "当前状态为“公示中”，不能受理" {
		t.Errorf("zh: %q", got)
	}
	if got := msg.In(EN); got != "The case is in notice; cannot accept" {
		t.Errorf("en: %q", got)
	}
	if got := T("只有中文", "").In(EN); got != "只有中文" {
		t.Errorf("fallback: %q", got)
	}
}

func TestKindsAndSentinels(t *testing.T) {
	cases := []struct {
		err      error
		kind     Kind
		sentinel error
	}{
		{Invalidf("amount", "金额不正确", "bad amount"), Invalid, ErrInvalid},
		{NotFoundf("无此案件", "no such case"), NotFound, ErrNotFound},
		{Conflictf("已处理", "already decided"), Conflict, ErrConflict},
		{Forbiddenf("无权", "may not"), Forbidden, ErrForbidden},
		{Limited(time.Minute, T("太多", "too many")), RateLimited, ErrRate},
		{Unauthenticatedf("令牌无效", "bad token"), Unauthenticated, ErrUnauthenticated},
		{fmt.Errorf("casework: act: %w", ErrNotFound), NotFound, ErrNotFound},
		{errors.New("disk full"), Internal, nil},
	}
	for _, c := range cases {
		if got := KindOf(c.err); got != c.kind {
			t.Errorf("%v: kind %v, want %v", c.err, got, c.kind)
		}
		if c.sentinel != nil && !errors.Is(c.err, c.sentinel) {
			t.Errorf("%v: not Is its sentinel", c.err)
		}
		for _, other := range []error{ErrNotFound, ErrInvalid, ErrConflict, ErrForbidden, ErrRate, ErrUnauthenticated} {
			if other != c.sentinel && errors.Is(c.err, other) {
				t.Errorf("%v: Is %v", c.err, other)
			}
		}
	}
}

func TestInvalidMessageJoinsFieldsInOrder(t *testing.T) {
	e := InvalidFields(map[string]Text{"phone": T("手机号不正确", "bad phone"), "id_number": T("证件号不正确", "bad ID")})
	if got := e.Message(ZH); got != "证件号不正确；手机号不正确" {
		t.Errorf("zh: %q", got)
	}
	if got := e.Message(EN); got != "bad ID; bad phone" {
		t.Errorf("en: %q", got)
	}
	if name, _, _ := e.Field(""); name != "id_number" {
		t.Errorf("first field %q", name)
	}
	if e.Error() != e.Message(ZH) {
		t.Errorf("Error() %q", e.Error())
	}
}

func TestWrapKeepsMessageAndCause(t *testing.T) {
	cause := errors.New("sql: no rows")
	e := ErrNotFound.Wrap(cause)
	if !errors.Is(e, cause) || !errors.Is(e, ErrNotFound) || e.Message(ZH) != ErrNotFound.Message(ZH) {
		t.Errorf("wrap lost something: %v", e)
	}
}

func TestErrorArgumentsAndCodes(t *testing.T) {
	inner := Invalidt("证件号码校验位不正确", "the check character is wrong")
	e := Invalidf("id_number", "证件号码有误：%s", "Bad ID number: %s", inner)
	if e.Message(ZH) != "证件号码有误：证件号码校验位不正确" || e.Message(EN) != "Bad ID number: the check character is wrong" {
		t.Errorf("an error argument: %q / %q", e.Message(ZH), e.Message(EN))
	}
	if !InvalidOn(e, "id_number") || InvalidOn(e, "phone") || InvalidOn(Conflictf("x", "x"), "id_number") {
		t.Error("InvalidOn")
	}
	revoked := NotFoundf("二维码已停用", "withdrawn").Coded("token_revoked")
	if revoked.APICode() != "token_revoked" || !errors.Is(revoked, ErrNotFound) || e.APICode() != "invalid" {
		t.Errorf("codes: %q, %q", revoked.APICode(), e.APICode())
	}
	if OnField(Invalidt("不能为空", "must not be empty"), "name").(*Error).Fields["name"].In(EN) != "must not be empty" {
		t.Error("OnField")
	}
}
