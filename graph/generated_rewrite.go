//go:build ignore

// generated_rewrite changes two calls in generated.go, where gqlgen has no
// setting for them; `go generate` runs it after gqlgen:
//   - lists of objects are marshalled through marshalList (lists.go) rather
//     than graphql.MarshalSliceConcurrently;
//   - an object's group of deferred fields is made by deferredGroup
//     (incremental.go), only when it has some, rather than always by
//     graphql.NewDeferredGroup.
package main

import (
	"bytes"
	"log"
	"os"
)

const file = "generated.go"

var rewrites = []struct{ from, to string }{
	{"graphql.MarshalSliceConcurrently(", "marshalList("},
	{"deferred := graphql.NewDeferredGroup(ctx)", "deferred := deferredGroup(ctx, fields)"},
}

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
	if err := os.WriteFile(file, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
