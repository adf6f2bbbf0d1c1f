package monitoring

import (
	"fangpin/internal/auth"
	"fangpin/internal/fault"
)

// forbidden is a change the user's role may not make (fault.Forbidden);
// what names the change.
func forbidden(role auth.Role, what fault.Text) *fault.Error {
	return fault.Forbiddenf("“%s”角色不能%s", "The role “%s” may not %s", role, what)
}

// mayEdit refuses users whose role may not change household data.
func mayEdit(by auth.User, what fault.Text) error {
	if !by.Can(auth.PermEditRegistry) {
		return forbidden(by.Role, what)
	}
	return nil
}

// relabel moves an Invalid error about the cadre's account to another field.
func relabel(err error, field string) error {
	if e, ok := fault.As(err); ok && e.Kind == fault.Invalid {
		if _, reason, ok := e.Field(""); ok {
			return fault.InvalidField(field, reason)
		}
	}
	return err
}
