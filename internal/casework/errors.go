package casework

import (
	"fangpin/internal/auth"
	"fangpin/internal/fault"
)

// conflict is a step not allowed from the case's state (fault.Conflict).
// state is a State, or the fault.Text of a household's state; reason, when
// set, says why beyond the state (a notice still running, an objection
// already used, a step taken out of order).
func conflict(state fault.Texter, a Action, reason fault.Text) *fault.Error {
	if reason.IsZero() {
		return fault.Conflictf("当前状态为“%s”，不能执行“%s”", "In state “%s”, the step “%s” is not allowed", state, a)
	}
	return fault.Conflictf("当前状态为“%s”，不能执行“%s”：%s", "In state “%s”, the step “%s” is not allowed: %s", state, a, reason)
}

// forbidden is a step the user's role may not take (fault.Forbidden).
func forbidden(role auth.Role, a Action) *fault.Error {
	var r fault.Texter = role
	if role == RoleSystem {
		r = fault.T("系统", "system")
	}
	return fault.Forbiddenf("“%s”角色不能执行“%s”", "The role “%s” may not take the step “%s”", r, a)
}
