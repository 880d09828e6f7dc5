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

// plainString is the value of a plain field of type String or ID, written
// from where it lies in its object: a pointer to it is a graphql.Marshaler
// made without an allocation, where graphql.MarshalString makes one for
// every value (the rewrite of generated.go, generated_rewrite.go).
type plainString string

func (s *plainString) MarshalGQL(w io.Writer) { graphql.MarshalString(string(*s)).MarshalGQL(w) }
