package model

import (
	"context"
	"errors"
	"io"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalFloat writes a Float as JavaScript and encoding/json write numbers:
// in plain digits (a budget of 8494046, where gqlgen's own Float writes
// 8.494046e+06), with an exponent only below 1e-6 or from 1e21 on. Either
// is valid JSON; this is the one people read.
func MarshalFloat(f float64) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(_ context.Context, w io.Writer) error {
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return errors.New("a Float cannot be infinite or NaN")
		}
		format := byte('f')
		if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
			format = 'e'
		}
		_, err := w.Write(strconv.AppendFloat(nil, f, format, -1, 64))
		return err
	})
}

// UnmarshalFloat reads a Float as gqlgen's own Float does.
func UnmarshalFloat(ctx context.Context, v any) (float64, error) {
	return graphql.UnmarshalFloatContext(ctx, v)
}
