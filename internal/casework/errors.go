package casework

import (
	"fmt"

	"fangpin/internal/auth"
)

// ConflictError is a step not allowed from the case's state (HTTP 409).
// Reason, when set, says why beyond the state (a notice still running, an
// objection already used, a step taken out of order).
type ConflictError struct {
	State  State
	Action Action
	Reason string
}

func (e *ConflictError) Error() string {
	msg := fmt.Sprintf("当前状态为“%s”，不能执行“%s”", labelOr(e.State.Label(), string(e.State)), labelOr(e.Action.Label(), string(e.Action)))
	if e.Reason != "" {
		msg += "：" + e.Reason
	}
	return msg
}

// InvalidError is step data or case fields that are missing or not allowed
// (HTTP 422). Field names the offending key; Reason is Chinese.
type InvalidError struct {
	Field, Reason string
}

func (e *InvalidError) Error() string { return e.Reason }

func invalid(field, format string, args ...any) *InvalidError {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ForbiddenError is a step the user's role may not take (HTTP 403).
type ForbiddenError struct {
	Role   auth.Role
	Action Action
}

func (e *ForbiddenError) Error() string {
	role := e.Role.Label()
	if e.Role == RoleSystem {
		role = "系统"
	}
	return fmt.Sprintf("“%s”角色不能执行“%s”", labelOr(role, string(e.Role)), labelOr(e.Action.Label(), string(e.Action)))
}

func labelOr(label, name string) string {
	if label == "" {
		return name
	}
	return label
}
