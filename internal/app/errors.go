package app

import (
	"errors"
	"fmt"
)

// The kinds of a use case's errors that a caller answers differently: a
// server maps them to 404 and 400, anything else is its own failure.
var (
	// ErrNotFound is matched (errors.Is) by the errors that say an id
	// or name names nothing.
	ErrNotFound = errors.New("not found")
	// ErrInvalid is matched by the errors that say a request cannot be
	// carried out as asked (a bad option, an ambiguous name, a
	// correction that makes no sense).
	ErrInvalid = errors.New("invalid request")
	// ErrExists is matched by the errors that say what was asked to be
	// added is there already (a feed subscribed twice).
	ErrExists = errors.New("already exists")
)

// kindError is an error of one of the kinds above; its text is the
// message alone, as the command line prints it, and it wraps what its
// message wraps (%w).
type kindError struct {
	kind error
	err  error
}

func (e *kindError) Error() string        { return e.err.Error() }
func (e *kindError) Unwrap() error        { return e.err }
func (e *kindError) Is(target error) bool { return target == e.kind }

func notFoundf(format string, args ...any) error {
	return &kindError{ErrNotFound, fmt.Errorf(format, args...)}
}

func existsf(format string, args ...any) error {
	return &kindError{ErrExists, fmt.Errorf(format, args...)}
}

func invalidf(format string, args ...any) error {
	return &kindError{ErrInvalid, fmt.Errorf(format, args...)}
}
