package hanke

import (
	"errors"
	"fmt"
)

// Error codes. They reach API clients as a GraphQL error's extensions.code,
// so they are stable: add new ones, never rename.
const (
	ECodeInvalid     = "BAD_USER_INPUT"    // the request asks for something that cannot be
	ECodeUnavailable = "STORE_UNAVAILABLE" // the store does not answer
	ECodeTimeout     = "TIMEOUT"           // the request ran past its time limit
	ECodeTooLarge    = "RESULT_TOO_LARGE"  // the answer would exceed a size limit
	ECodeInternal    = "INTERNAL_SERVER_ERROR"
)

// Error is an error with a code that a client can act on.
type Error struct {
	Code    string
	Message string
	Err     error // the cause, if any; not shown to clients
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Unavailable wraps a store's failure to answer.
func Unavailable(err error) *Error {
	return &Error{Code: ECodeUnavailable, Message: "the store is unavailable: " + err.Error(), Err: err}
}

// ErrorCode is the code of err, ECodeInternal for errors without one.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ECodeInternal
}
