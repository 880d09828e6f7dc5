package graph

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/99designs/gqlgen/graphql"

	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/storetest"
)

// overlapStore notes how many of its Nodes calls run at once.
type overlapStore struct {
	hanke.Store
	mu                   sync.Mutex
	calls, running, most int
}

func (s *overlapStore) Nodes(ctx context.Context, ids []string) ([]hanke.Node, error) {
	s.mu.Lock()
	s.calls++
	s.running++
	s.most = max(s.most, s.running)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.running--
		s.mu.Unlock()
	}()
	time.Sleep(5 * time.Millisecond) // long enough for calls made side by side to overlap
	return s.Store.Nodes(ctx, ids)
}

func TestListElementsRunInTurnUnlessTheLoadersBatch(t *testing.T) {
	// Sokra has two implementers; each element of the list looks its
	// organisation up with one Nodes call, after the project's own.
	const query = `{ project(id: "project:sokra") { implementers { organisation { name } } } }`
	for _, tc := range []struct {
		wait        time.Duration
		calls, most int
	}{
		{wait: 0, calls: 3, most: 1},                     // called directly: one call an element, in turn
		{wait: 10 * time.Millisecond, calls: 2, most: 1}, // batched: the elements ask side by side, in one call
	} {
		store := &overlapStore{Store: storetest.Builtin(t)}
		limits := DefaultLimits
		limits.BatchWait = tc.wait
		var got struct {
			Project struct {
				Implementers []struct{ Organisation struct{ Name string } }
			}
		}
		client.New(NewHandler(NewServices(store), limits)).MustPost(query, &got)
		if len(got.Project.Implementers) != 2 || got.Project.Implementers[0].Organisation.Name == "" {
			t.Fatalf("wait %v: %+v", tc.wait, got)
		}
		if store.calls != tc.calls || store.most != tc.most {
			t.Errorf("wait %v: %d Nodes calls, at most %d at once; want %d and %d", tc.wait, store.calls, store.most, tc.calls, tc.most)
		}
	}
}

func TestAPanicInAListElementIsAnErrorAndANull(t *testing.T) {
	quiet := func(_ context.Context, v any) error { return fmt.Errorf("panic: %v", v) }
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, quiet)
	ctx = graphql.WithOperationContext(ctx, &graphql.OperationContext{RecoverFunc: quiet})
	ctx = withLoaders(ctx, &loaders{}) // calling the store directly: in turn
	var indexes []int
	out := marshalList(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		indexes = append(indexes, *graphql.GetFieldContext(ctx).Index)
		if i == 1 {
			panic("element 1")
		}
		return graphql.MarshalInt(i)
	})
	if len(indexes) != 3 || indexes[0] != 0 || indexes[1] != 1 || indexes[2] != 2 {
		t.Errorf("elements marshalled at indexes %v, want 0, 1, 2 in turn", indexes)
	}
	if out[1] != graphql.Null || out[0] == graphql.Null || out[2] == graphql.Null {
		t.Errorf("marshalled %v, want null only in place of the element that panicked", out)
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 || errs[0].Path.String() != "[1]" {
		t.Errorf("errors %v, want the one panic, at [1]", errs)
	}
}
