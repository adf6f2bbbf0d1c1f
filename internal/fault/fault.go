// Package fault is fangpin's one error vocabulary. Domain packages return a
// *Error of a Kind (invalid input with per-field reasons, not found,
// conflict, forbidden, rate-limited); the web layer maps Kind to an HTTP
// status, a JSON error body and a page message in one place, and the command
// line prints the Chinese text. Messages are held in both languages, so an
// English page shows a domain's reason in English. See docs/api.md.
package fault

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Kind is the class of an error, which decides the HTTP status.
type Kind int

// The kinds. Internal is every error that is not a *Error: a failure the
// user cannot fix.
const (
	Internal        Kind = iota
	Invalid              // 422: input that parses but is not allowed, or does not parse
	NotFound             // 404: does not exist, or lies outside the caller's scope
	Conflict             // 409: not allowed from the current state
	Forbidden            // 403: the caller's role may not do this
	RateLimited          // 429: too many attempts; RetryAfter says when to retry
	Unauthenticated      // 401: no valid login, session or token; or a failed login
)

// Code is the stable machine name of a kind, as the JSON error body gives it.
func (k Kind) Code() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	case RateLimited:
		return "rate_limited"
	case Unauthenticated:
		return "unauthenticated"
	}
	return "internal"
}

// Languages a Text is rendered in.
const (
	ZH = "zh-CN"
	EN = "en"
)

// Text is a message in Chinese and English: two format strings and their
// arguments. An argument that is itself a Text (or has a Text method, such
// as a state's label) or a *Error is rendered in the same language.
type Text struct {
	Zh, En string
	Args   []any
}

// T builds a Text; zh and en are fmt formats sharing args.
func T(zh, en string, args ...any) Text { return Text{Zh: zh, En: en, Args: args} }

// Texter is a value with a name in both languages (a state, a role, a rule).
type Texter interface{ Text() Text }

// In renders the text in lang (Chinese unless lang is EN). An empty English
// format falls back to the Chinese one.
func (t Text) In(lang string) string {
	format := t.Zh
	if lang == EN && t.En != "" {
		format = t.En
	}
	if len(t.Args) == 0 {
		return format
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		switch v := a.(type) {
		case Text:
			args[i] = v.In(lang)
		case Texter:
			args[i] = v.Text().In(lang)
		case *Error:
			args[i] = v.Message(lang)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

// String is the Chinese text.
func (t Text) String() string { return t.In(ZH) }

// Text returns t itself, so that a Text is a Texter.
func (t Text) Text() Text { return t }

// IsZero reports an empty text.
func (t Text) IsZero() bool { return t.Zh == "" && t.En == "" }

// Error is a domain error the user can act on.
type Error struct {
	Kind Kind
	// Msg is the message as a whole. For Invalid errors it may be empty; the
	// field reasons then make the message.
	Msg Text
	// Fields holds per-field reasons of an Invalid error, keyed by the
	// input's name (form field or JSON key).
	Fields map[string]Text
	// RetryAfter is set on RateLimited errors.
	RetryAfter time.Duration
	// Err is a wrapped cause, for logs and errors.Is.
	Err error
	// Code, when set, replaces the kind's code in the API's error body: for
	// an error that clients tell apart from others of its kind (a revoked
	// village token, a throttled login).
	Code string

	sentinel bool
}

// Error is the Chinese message, so that logs and the command line read as
// the pages do.
func (e *Error) Error() string { return e.Message(ZH) }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches a sentinel of the same kind: errors.Is(err, fault.ErrNotFound)
// holds for every NotFound error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.sentinel && t.Kind == e.Kind
}

// Message renders the whole message in lang: Msg, or the field reasons
// joined in field order.
func (e *Error) Message(lang string) string {
	if !e.Msg.IsZero() {
		return e.Msg.In(lang)
	}
	parts := make([]string, 0, len(e.Fields))
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		parts = append(parts, e.Fields[k].In(lang))
	}
	sep := "；"
	if lang == EN {
		sep = "; "
	}
	return strings.Join(parts, sep)
}

// FieldMessages renders the field reasons in lang.
func (e *Error) FieldMessages(lang string) map[string]string {
	out := make(map[string]string, len(e.Fields))
	for k, t := range e.Fields {
		out[k] = t.In(lang)
	}
	return out
}

// Field returns one field's reason (the first in name order when field is
// ""), for forms that show one message beside one input.
func (e *Error) Field(field string) (name string, reason Text, ok bool) {
	if field != "" {
		t, ok := e.Fields[field]
		return field, t, ok
	}
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		return k, e.Fields[k], true
	}
	return "", Text{}, false
}

// Sentinels for errors.Is. store.ErrNotFound is ErrNotFound.
var (
	ErrNotFound        = &Error{Kind: NotFound, Msg: T("未找到，或不在您的管辖范围内", "Not found, or outside your region"), sentinel: true}
	ErrInvalid         = &Error{Kind: Invalid, sentinel: true}
	ErrConflict        = &Error{Kind: Conflict, sentinel: true}
	ErrForbidden       = &Error{Kind: Forbidden, Msg: T("您的角色无权执行此操作", "Your role may not do this"), sentinel: true}
	ErrRate            = &Error{Kind: RateLimited, sentinel: true}
	ErrUnauthenticated = &Error{Kind: Unauthenticated, Msg: T("请先登录，或令牌已失效", "Please log in; the token is missing or no longer valid"), sentinel: true}
)

// InvalidField is input rejected for one field.
func InvalidField(field string, msg Text) *Error {
	return &Error{Kind: Invalid, Fields: map[string]Text{field: msg}}
}

// Invalidf is InvalidField with the two formats.
func Invalidf(field, zh, en string, args ...any) *Error {
	return InvalidField(field, T(zh, en, args...))
}

// InvalidFields is input rejected for several fields at once.
func InvalidFields(fields map[string]Text) *Error {
	return &Error{Kind: Invalid, Fields: fields}
}

// NotFoundf is a not-found error with its own message, wrapping ErrNotFound
// for errors.Is.
func NotFoundf(zh, en string, args ...any) *Error {
	return &Error{Kind: NotFound, Msg: T(zh, en, args...)}
}

// Conflictf is a step not allowed from the current state.
func Conflictf(zh, en string, args ...any) *Error {
	return &Error{Kind: Conflict, Msg: T(zh, en, args...)}
}

// Forbiddenf is an action the caller's role may not take.
func Forbiddenf(zh, en string, args ...any) *Error {
	return &Error{Kind: Forbidden, Msg: T(zh, en, args...)}
}

// Limited is a refusal until retry has passed.
func Limited(retry time.Duration, msg Text) *Error {
	return &Error{Kind: RateLimited, Msg: msg, RetryAfter: retry}
}

// Unauthenticatedf is a login, session or token that is not valid.
func Unauthenticatedf(zh, en string, args ...any) *Error {
	return &Error{Kind: Unauthenticated, Msg: T(zh, en, args...)}
}

// Coded returns e with code as its API error code (see Error.Code).
func (e *Error) Coded(code string) *Error {
	c := *e
	c.sentinel = false
	c.Code = code
	return &c
}

// APICode is the error code of the API's error body: Code, or the kind's.
func (e *Error) APICode() string {
	if e.Code != "" {
		return e.Code
	}
	return e.Kind.Code()
}

// Wrap returns e with cause as its wrapped error (for logs), leaving e's
// message as the one shown.
func (e *Error) Wrap(cause error) *Error {
	c := *e
	c.sentinel = false
	c.Err = cause
	return &c
}

// As finds the *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// KindOf is the kind of err: the kind of the *Error in its chain, or
// Internal.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.Kind
	}
	return Internal
}

// Invalidt is an Invalid error with a message but no field yet: what a
// parser returns before its caller knows the field (see OnField).
func Invalidt(zh, en string, args ...any) *Error {
	return &Error{Kind: Invalid, Msg: T(zh, en, args...)}
}

// OnField attaches an Invalid error's message to field, so a form shows it
// beside that input. Other errors are returned as they are.
func OnField(err error, field string) error {
	e, ok := As(err)
	if !ok || e.Kind != Invalid || len(e.Fields) > 0 {
		return err
	}
	return &Error{Kind: Invalid, Fields: map[string]Text{field: e.Msg}, Err: e.Err}
}

// InvalidOn reports whether err is an Invalid error with a reason for field.
func InvalidOn(err error, field string) bool {
	e, ok := As(err)
	if !ok || e.Kind != Invalid {
		return false
	}
	_, has := e.Fields[field]
	return has
}
