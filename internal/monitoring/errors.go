package monitoring

import (
	"fmt"

	"fangpin/internal/auth"
)

// InvalidError is input that is missing or not allowed (HTTP 422). Field
// names the offending key; Reason is Chinese.
type InvalidError struct {
	Field, Reason string
}

func (e *InvalidError) Error() string { return e.Reason }

func invalid(field, format string, args ...any) *InvalidError {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ForbiddenError is a change the user's role may not make (HTTP 403).
type ForbiddenError struct {
	Role auth.Role
	What string // the change, in Chinese
}

func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("“%s”角色不能%s", labelOr(e.Role.Label(), string(e.Role)), e.What)
}

func labelOr(label, name string) string {
	if label == "" {
		return name
	}
	return label
}

// mayEdit refuses users whose role may not change household data.
func mayEdit(by auth.User, what string) error {
	if !by.Can(auth.PermEditRegistry) {
		return &ForbiddenError{Role: by.Role, What: what}
	}
	return nil
}
