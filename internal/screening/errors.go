package screening

import "fmt"

// InvalidError is input that is missing or not allowed (HTTP 422). Field
// names the offending field; Reason is Chinese.
type InvalidError struct {
	Field, Reason string
}

func (e *InvalidError) Error() string { return e.Reason }

func invalid(field, format string, args ...any) *InvalidError {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ConflictError is a decision on a warning that is no longer open (HTTP 409).
type ConflictError struct {
	Status Status
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("该预警已处理（%s），不能再次处理", e.Status.Label())
}

// ForbiddenError is a decision by a user whose role may not decide (HTTP 403).
type ForbiddenError struct {
	Role string
}

func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("“%s”角色不能处理预警", e.Role)
}
