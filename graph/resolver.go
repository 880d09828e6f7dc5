// Package graph is the GraphQL layer: gqlgen's generated executor and the
// resolvers, which translate between GraphQL and the domain and compute nothing.
package graph

//go:generate go tool gqlgen generate
//go:generate go run generated_rewrite.go

import (
	"github.com/hankegraph/hankegraph/internal/atlas"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/network"
)

// Services are what the resolvers call: the store, and the graph logic that
// lives above it. The server shares them with its other routes (the GeoJSON
// file, the exports), so that each keeps one cache.
type Services struct {
	Store   hanke.Store
	Maps    *atlas.Atlas
	Network *network.Analyzer
}

// NewServices builds the services over a store, with default limits.
func NewServices(store hanke.Store) Services {
	return Services{Store: store, Maps: atlas.New(store), Network: network.NewAnalyzer(store, network.DefaultLimits)}
}

// Resolver holds what the resolvers need.
type Resolver struct {
	Services
}
