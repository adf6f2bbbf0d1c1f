package auth

import (
	"time"

	"fangpin/internal/fault"
)

// Errors of this package, shown to users in their language. Callers test
// them with errors.Is.
var (
	// ErrBadCredentials is the one answer to a failed login, whether the
	// user is unknown, disabled or gave a wrong password.
	ErrBadCredentials = fault.Unauthenticatedf("用户名或密码错误", "Wrong username or password")
	// ErrNoSession: the session token is unknown, expired or idle too long,
	// or its user was disabled.
	ErrNoSession = fault.Unauthenticatedf("登录已失效，请重新登录", "Your login has expired; please log in again")
	// ErrBadToken: the API token is unknown, revoked or expired, or its user
	// was disabled.
	ErrBadToken = fault.Unauthenticatedf("API 令牌无效、已过期或已撤销", "The API token is invalid, expired or revoked")
	// ErrUsernameTaken is wrapped by CreateUser for a duplicate username.
	ErrUsernameTaken = fault.Conflictf("用户名已存在", "The username is taken")
	// ErrDisabled is returned when acting for a disabled user (CreateToken).
	ErrDisabled = fault.Conflictf("用户已停用", "The user is disabled")
)

// throttled is Authenticate's answer while an account or an address is
// locked after too many failures: RateLimited, with the wait in RetryAfter.
func throttled(wait time.Duration) *fault.Error {
	e := fault.Limited(wait, fault.T("登录尝试次数过多，请在%d分钟后重试", "Too many login attempts; try again in %d minutes", minutes(wait)))
	return e.Coded("throttled")
}

// minutes is a wait rounded up to whole minutes, at least 1.
func minutes(d time.Duration) int {
	m := int((d + time.Minute - 1) / time.Minute)
	return max(m, 1)
}
