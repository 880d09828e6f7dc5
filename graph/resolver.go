// Package graph is the GraphQL layer: gqlgen's generated executor and the
// resolvers, which translate between GraphQL and the domain and compute nothing.
package graph

//go:generate go tool gqlgen generate

import "github.com/hankegraph/hankegraph/internal/hanke"

// Resolver holds what the resolvers need.
type Resolver struct {
	Store hanke.Store
}
