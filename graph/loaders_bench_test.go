package graph_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/hankegraph/hankegraph/graph"
	synth "github.com/hankegraph/hankegraph/internal/synthetic"
)

// BenchmarkNestedQueryLoaders runs the load test's nested entity query
// (internal/loadtest) on 10 000 synthetic projects from 32 goroutines, with
// the loaders calling the store directly (0s) and batching with the wait
// the embedded store used to have. ns/op is the inverse of throughput.
func BenchmarkNestedQueryLoaders(b *testing.B) {
	store := builtinStore(b)
	if _, err := store.Load(context.Background(), synth.Generate(10000, 1)); err != nil {
		b.Fatal(err)
	}
	const query = `query Nested($id: ID!) { project(id: $id) { id name acronym startDate endDate totalBudgetEur
  implementers { role organisation { id name kind projects(first: 5) { totalCount edges { node { id name } } } } }
  partners { organisation { id name } } regions { code name } sectors { id name }
  programmes { priority programme { name } } sources { title } } }`
	for _, wait := range []time.Duration{0, 100 * time.Microsecond} {
		b.Run(fmt.Sprint(wait), func(b *testing.B) {
			limits := graph.DefaultLimits
			limits.BatchWait = wait
			c := client.New(graph.NewHandler(graph.NewServices(store), limits))
			b.ReportAllocs()
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					var resp any
					c.MustPost(query, &resp, client.Var("id", synth.ProjectID(i%10000)))
				}
			})
		})
	}
}
