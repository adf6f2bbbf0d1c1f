package auth

import (
	"errors"
	"fmt"
	"time"
)

// Errors of this package. Their texts are shown to users as they are.
var (
	// ErrBadCredentials is the one answer to a failed login, whether the
	// user is unknown, disabled or gave a wrong password.
	ErrBadCredentials = errors.New("用户名或密码错误")
	// ErrNoSession: the session token is unknown, expired or idle too long,
	// or its user was disabled.
	ErrNoSession = errors.New("登录已失效，请重新登录")
	// ErrBadToken: the API token is unknown, revoked or expired, or its user
	// was disabled.
	ErrBadToken = errors.New("API 令牌无效、已过期或已撤销")
	// ErrUsernameTaken is wrapped by CreateUser for a duplicate username.
	ErrUsernameTaken = errors.New("用户名已存在")
	// ErrDisabled is returned when acting for a disabled user (CreateToken).
	ErrDisabled = errors.New("用户已停用")
)

// InvalidError is a rejected input field: the web layer shows Reason next to
// Field, the command line prints it.
type InvalidError struct {
	Field  string // username, display_name, role, region, password or name (of a token)
	Reason string // in Chinese
}

func (e *InvalidError) Error() string { return e.Reason }

func invalid(field, format string, args ...any) *InvalidError {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ThrottledError is returned by Authenticate while an account or an address
// is locked after too many failures.
type ThrottledError struct {
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("登录尝试次数过多，请在%d分钟后重试", e.Minutes())
}

// Minutes is RetryAfter rounded up to whole minutes, at least 1.
func (e *ThrottledError) Minutes() int {
	m := int((e.RetryAfter + time.Minute - 1) / time.Minute)
	return max(m, 1)
}
