package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// marshalList marshals the elements of a list of objects. gqlgen's executor
// starts a goroutine for every element (graphql.MarshalSliceConcurrently),
// and has no setting to do otherwise; generated.go calls this instead, by
// the rewrite that `go generate` runs after gqlgen (generated_rewrite.go).
//
// The goroutines are what lets a list's elements ask the loaders at once, so
// that a store across the network gets one call for them all: requests that
// batch keep them. Over a store in the same process the loaders call the
// store directly and there is nothing to gather, and the goroutines cost
// more than the elements' own work: a request's stacks grow as it recurses,
// and a depth-2 neighbourhood starts one for each of its hundreds of nodes
// and edges. There the elements are marshalled in turn, on the request's
// own goroutine (BenchmarkNestedQueryLoaders and BENCHMARKS.md for what it
// saves).
func marshalList(ctx context.Context, length int, workerLimit int64, omitPanicHandler bool, marshal func(context.Context, int) graphql.Marshaler) graphql.Array {
	if l, ok := ctx.Value(loadersKey{}).(*loaders); !ok || l.batching() {
		return graphql.MarshalSliceConcurrently(ctx, length, workerLimit, omitPanicHandler, marshal)
	}
	out := make(graphql.Array, length)
	// Each element's field context, which gives its index to the paths of
	// errors within it, made for the whole list at once rather than as two
	// allocations an element: a neighbourhood has thousands of elements.
	elements := make([]struct {
		field graphql.FieldContext
		index int
	}, length)
	for i := range elements {
		e := &elements[i]
		e.index = i
		e.field.Index = &e.index
		out[i] = marshalElement(graphql.WithFieldContext(ctx, &e.field), i, omitPanicHandler, marshal)
	}
	return out
}

// marshalElement is one element, a panic in it reported as gqlgen reports it:
// an error at the element's path, and null in its place.
func marshalElement(ctx context.Context, i int, omitPanicHandler bool, marshal func(context.Context, int) graphql.Marshaler) (m graphql.Marshaler) {
	if !omitPanicHandler {
		defer func() {
			if r := recover(); r != nil {
				graphql.AddError(ctx, graphql.Recover(ctx, r))
				m = graphql.Null
			}
		}()
	}
	return marshal(ctx, i)
}
