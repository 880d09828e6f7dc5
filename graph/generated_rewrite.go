//go:build ignore

// generated_rewrite changes generated.go where gqlgen has no setting for
// what it generates; `go generate` runs it after gqlgen:
//   - lists of objects are marshalled through marshalList (lists.go) rather
//     than graphql.MarshalSliceConcurrently;
//   - an object's group of deferred fields is made by deferredGroup
//     (incremental.go), only when it has some, rather than always by
//     graphql.NewDeferredGroup;
//   - an object's fields are written by object (objects.go) rather than by
//     their graphql.FieldSet;
//   - a plain field (below) is marshalled straight from its object.
package main

import (
	"bytes"
	"log"
	"os"
	"regexp"
)

const file = "generated.go"

var rewrites = []struct{ from, to string }{
	{"graphql.MarshalSliceConcurrently(", "marshalList("},
	{"deferred := graphql.NewDeferredGroup(ctx)", "deferred := deferredGroup(ctx, fields)"},
	{"\t\tec.ProcessDeferredGroup(deferred)\n\t}\n\n\treturn out\n}", "\t\tec.ProcessDeferredGroup(deferred)\n\t}\n\n\treturn object{fields, out.Values}\n}"},
}

// plainField is gqlgen's code for a plain field: one read from its object (a
// struct field, or a method without context or error) with no directive,
// whose value is of a type whose marshalling cannot fail (the scalars
// String, ID, Int and Boolean, and the schema's enums). gqlgen resolves
// every field through graphql.ResolveField, which makes the field a context
// of its own, for errors, field middleware and panics. A plain field has no
// errors, no children and cannot panic, and the server adds no field
// middleware (handler.go), so it is marshalled straight from its object:
// most of a large answer is such fields, and without their contexts a
// depth-2 neighbourhood allocates some 30 % less memory (BENCHMARKS.md).
var plainField = regexp.MustCompile(`func \(ec \*executionContext\) (_\w+)\(ctx context\.Context, field graphql\.CollectedField, obj (\S+)\) \(ret graphql\.Marshaler\) \{
	return graphql\.ResolveField\(
		ctx,
		ec\.OperationContext,
		field,
		func\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{
			return ec\.fieldContext\w+\(ctx, field\)
		\},
		func\(ctx context\.Context\) \(any, error\) \{
			return (obj\.\w+(?:\(\))?), nil
		\},
		nil,
		func\(ctx context\.Context, selections ast\.SelectionSet, v \S+\) graphql\.Marshaler \{
			return ec\.(marshal[NO](?:String|ID|Int|Boolean|RelationshipType|ProjectKind|OrganisationKind|ImplementerRole|FunderRole)2[^(]+)\(ctx, selections, v\)
		\},
		true,
		true,
	\)
}
`)

const plainFieldTo = `func (ec *executionContext) $1(ctx context.Context, field graphql.CollectedField, obj $2) graphql.Marshaler {
	return ec.$4(ctx, field.Selections, $3)
}
`

// stringField is a plain field of type String or ID read from a struct
// field (not a method), after plainField's rewrite: it is written from where
// it lies (plainString, objects.go), without the marshaller that
// graphql.MarshalString makes for every value, a third of a depth-2
// neighbourhood's allocations.
var stringField = regexp.MustCompile(`return ec\.marshalN(?:String|ID)2string\(ctx, field\.Selections, (obj\.\w+)\)\n`)

const stringFieldTo = "return (*plainString)(&$1)\n"

func main() {
	src, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rewrites {
		from := []byte(r.from)
		if !bytes.Contains(src, from) {
			log.Fatalf("%s has no %s: has gqlgen changed what it generates?", file, r.from)
		}
		src = bytes.ReplaceAll(src, from, []byte(r.to))
	}
	if !plainField.Match(src) {
		log.Fatalf("%s has no plain field: has gqlgen changed what it generates?", file)
	}
	src = plainField.ReplaceAll(src, []byte(plainFieldTo))
	if !stringField.Match(src) {
		log.Fatalf("%s has no plain string field: has gqlgen changed what it generates?", file)
	}
	src = stringField.ReplaceAll(src, []byte(stringFieldTo))
	if err := os.WriteFile(file, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
