package model

import (
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Date is the GraphQL Date scalar: an ISO calendar date, YYYY-MM-DD, carried
// as the string the domain stores.
type Date = string

// MarshalDate writes a date as a JSON string.
func MarshalDate(d string) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { io.WriteString(w, strconv.Quote(d)) })
}

// UnmarshalDate accepts only real calendar dates in YYYY-MM-DD form.
func UnmarshalDate(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", hanke.Errorf(hanke.ECodeInvalid, "a Date must be a string YYYY-MM-DD, got %T", v)
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", hanke.Errorf(hanke.ECodeInvalid, "%q is not a date YYYY-MM-DD", s)
	}
	return s, nil
}
