package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

const codeDepthLimit = "DEPTH_LIMIT_EXCEEDED"

// depthLimit refuses operations whose selections nest deeper than max.
// Introspection (fields starting "__") is not counted: GraphiQL's own
// schema query is deep by nature and cheap.
type depthLimit int

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit(0)

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	depth := 0
	visitSelections(oc, func(sel ast.Selection, fields int) bool {
		f, ok := sel.(*ast.Field)
		if !ok {
			return true
		}
		if strings.HasPrefix(f.Name, "__") {
			return false
		}
		depth = max(depth, fields+1)
		return true
	})
	if depth > int(d) {
		err := gqlerror.Errorf("the query nests %d levels deep; the limit is %d", depth, int(d))
		err.Extensions = map[string]any{"code": codeDepthLimit}
		return err
	}
	return nil
}

// visitSelections calls visit for each selection of the operation, the
// fragments it spreads included, with the number of fields around it, and
// for the selections inside one where visit returns true.
func visitSelections(oc *graphql.OperationContext, visit func(sel ast.Selection, fields int) bool) {
	var walk func(set ast.SelectionSet, fields, level int)
	walk = func(set ast.SelectionSet, fields, level int) {
		if level > 100 { // fragment cycles are refused by validation; this only bounds the walk
			return
		}
		for _, sel := range set {
			if !visit(sel, fields) {
				continue
			}
			switch s := sel.(type) {
			case *ast.Field:
				walk(s.SelectionSet, fields+1, level+1)
			case *ast.InlineFragment:
				walk(s.SelectionSet, fields, level+1)
			case *ast.FragmentSpread:
				if f := oc.Doc.Fragments.ForName(s.Name); f != nil {
					walk(f.SelectionSet, fields, level+1)
				}
			}
		}
	}
	walk(oc.Operation.SelectionSet, 0, 0)
}
