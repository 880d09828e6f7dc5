package graph

import (
	"io"

	"github.com/99designs/gqlgen/graphql"
)

// object writes an object's fields, as generated.go has marshalled them,
// in place of their graphql.FieldSet (the rewrite that `go generate` runs
// after gqlgen, generated_rewrite.go). gqlgen's FieldSet.MarshalGQL makes
// a map of the names written, to skip one written twice, and a copy of
// each field, for every object of an answer: 29 % of a depth-2
// neighbourhood's allocations (BENCHMARKS.md). graphql.CollectFields has
// already merged the fields of one name, and names (GraphQL names:
// letters, digits and _) need no escaping in JSON.
type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

func (o object) MarshalGQL(w io.Writer) {
	io.WriteString(w, "{")
	for i := range o.fields {
		if i > 0 {
			io.WriteString(w, ",")
		}
		io.WriteString(w, `"`)
		io.WriteString(w, o.fields[i].Alias)
		io.WriteString(w, `":`)
		o.values[i].MarshalGQL(w)
	}
	io.WriteString(w, "}")
}
