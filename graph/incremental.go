package graph

import (
	"context"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

const codeDeferNotAccepted = "INCREMENTAL_DELIVERY_NOT_ACCEPTED"

// deferNeedsParts refuses an operation that defers fragments (@defer) when
// its request cannot take the answer in parts: only gqlgen's MultipartMixed
// transport sends the deferred parts, and the others would answer the first
// part alone, with the deferred fields null, as though that were all.
type deferNeedsParts struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = deferNeedsParts{}

func (deferNeedsParts) ExtensionName() string                   { return "DeferNeedsParts" }
func (deferNeedsParts) Validate(graphql.ExecutableSchema) error { return nil }
func (deferNeedsParts) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if takesParts(ctx, oc) || !defers(oc) {
		return nil
	}
	err := gqlerror.Errorf("@defer answers in parts, as multipart/mixed, which this request does not accept: " +
		`send it as a POST of JSON with "Accept: multipart/mixed", or leave @defer out to have the whole answer at once`)
	err.Extensions = map[string]any{"code": codeDeferNotAccepted}
	return err
}

// takesParts tells whether the request is one gqlgen's MultipartMixed
// transport serves: by its headers, in oc, and its method, which gqlgen
// does not pass on and withMethod puts in ctx. A GET that accepts
// multipart/mixed is served by the GET transport, in one part.
func takesParts(ctx context.Context, oc *graphql.OperationContext) bool {
	method, _ := ctx.Value(methodKey{}).(string)
	return transport.MultipartMixed{}.Supports(&http.Request{Method: method, Header: oc.Headers})
}

type methodKey struct{}

// withMethod puts the request's method in its context, for takesParts.
func withMethod(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), methodKey{}, r.Method)))
	})
}

// defers tells whether a fragment of the operation is deferred: has @defer
// with its "if" true or left out.
func defers(oc *graphql.OperationContext) bool {
	found := false
	visitSelections(oc, func(sel ast.Selection, _ int) bool {
		var directives ast.DirectiveList
		switch s := sel.(type) {
		case *ast.InlineFragment:
			directives = s.Directives
		case *ast.FragmentSpread:
			directives = s.Directives
		}
		if d := directives.ForName("defer"); d != nil && d.ArgumentMap(oc.Variables)["if"] != false {
			found = true
		}
		return !found
	})
	return found
}

// deferredGroup is graphql.NewDeferredGroup for an object whose fields are
// fields, made only when one of them is deferred. gqlgen makes one for every
// object it writes, with the object's path and a map: for a depth-2
// neighbourhood of a thousand nodes, 7 % of a request's CPU and 9 % of the
// throughput at a million projects (BENCHMARKS.md). generated.go calls it
// by generated_rewrite.go.
func deferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for i := range fields {
		if fields[i].IsDeferred() {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{}
}
