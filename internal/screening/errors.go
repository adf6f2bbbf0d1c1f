package screening

import (
	"fangpin/internal/auth"
	"fangpin/internal/fault"
)

// decided refuses a decision on a warning that is no longer open
// (fault.Conflict).
func decided(s Status) *fault.Error {
	return fault.Conflictf("该预警已处理（%s），不能再次处理", "This warning is already decided (%s) and cannot be decided again", s)
}

// mayNotDecide refuses a decision by a user whose role may not decide
// (fault.Forbidden).
func mayNotDecide(role auth.Role) *fault.Error {
	return fault.Forbiddenf("“%s”角色不能处理预警", "The role “%s” may not decide on warnings", role)
}
