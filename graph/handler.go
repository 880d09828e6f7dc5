package graph

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/hankegraph/hankegraph/graph/model"
	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Limits bound what one request may ask for.
type Limits struct {
	// MaxDepth is how deeply selections may nest (introspection aside).
	MaxDepth int
	// MaxComplexity bounds gqlgen's complexity estimate, in which a
	// connection's selections count once per item asked for.
	MaxComplexity int
	// BatchWait is how long loaders gather keys before calling the store.
	BatchWait time.Duration
}

// The limits and deferNeedsParts refuse an operation before it runs, as
// validation does: gqlgen answers such errors 400 (application/json: 422,
// which internal/server answers 200) rather than 200.
func init() {
	// gqlgen's complexity limit names its code but does not register it.
	for _, code := range []string{"COMPLEXITY_LIMIT_EXCEEDED", codeDepthLimit, codeDeferNotAccepted} {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// DefaultLimits are the limits the server runs with.
var DefaultLimits = Limits{MaxDepth: 12, MaxComplexity: 20000, BatchWait: batchWait}

// NewHandler is the GraphQL endpoint over a store: GET and POST as the
// GraphQL-over-HTTP specification has them (and answers with @defer in
// parts, as multipart/mixed), with depth and complexity limits, batching
// loaders, and errors that carry a stable extensions.code.
func NewHandler(svc Services, limits Limits) http.Handler {
	store, maps := svc.Store, svc.Maps
	cfg := Config{Resolvers: &Resolver{Services: svc}}
	// A connection's selections are paid for once per item it may return.
	c := &cfg.Complexity
	c.Query.Projects = func(child int, _ *model.ProjectFilter, _ *model.ProjectOrder, first *int, _ *string) int {
		return paged(child, first)
	}
	c.Query.Organisations = func(child int, _ *model.OrganisationFilter, _ *model.OrganisationOrder, first *int, _ *string) int {
		return paged(child, first)
	}
	c.Query.Search = func(child int, _ string, first *int) int { return paged(child, first) }
	c.Organisation.Projects = func(child int, _ *model.OrganisationRole, first *int, _ *string) int { return paged(child, first) }
	c.WelfareRegion.Projects = func(child int, _ *model.ProjectFilter, first *int, _ *string) int { return paged(child, first) }
	c.WelfareRegion.Organisations = func(child int, first *int, _ *string) int { return paged(child, first) }
	c.Sector.Projects = func(child int, first *int, _ *string) int { return paged(child, first) }
	c.Programme.Projects = func(child int, first *int, _ *string) int { return paged(child, first) }
	srv := handler.New(NewExecutableSchema(cfg))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	// Before POST, which would take its requests too: a POST that accepts
	// multipart/mixed gets the parts of an answer with @defer as they come.
	srv.AddTransport(transport.MultipartMixed{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	// No field middleware (AroundFields, a FieldInterceptor): plain fields
	// are marshalled without it (generated_rewrite.go).
	srv.Use(extension.Introspection{})
	srv.Use(extension.FixedComplexityLimit(limits.MaxComplexity))
	srv.Use(depthLimit(limits.MaxDepth))
	srv.Use(deferNeedsParts{})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(withLoaders(ctx, newLoaders(store, maps, limits.BatchWait)))
	})
	srv.SetErrorPresenter(presentError)
	return withMethod(srv)
}

// paged is the complexity of a page of items each costing child.
func paged(child int, first *int) int {
	n := DefaultPageSize
	if first != nil {
		n = min(max(*first, 1), MaxPageSize)
	}
	return 1 + child*n
}

// presentError gives every error a stable extensions.code.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var herr *hanke.Error
	switch {
	case errors.As(err, &herr):
		gerr.Message = herr.Message
		setCode(gerr, herr.Code)
	case errors.Is(err, context.DeadlineExceeded):
		gerr.Message = "the request ran past its time limit"
		setCode(gerr, hanke.ECodeTimeout)
	case gerr.Extensions["code"] == nil:
		setCode(gerr, hanke.ECodeInternal)
	}
	return gerr
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}
