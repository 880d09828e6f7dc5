//go:build ignore

// lists_rewrite makes generated.go marshal lists of objects through
// marshalList (lists.go) where gqlgen calls graphql.MarshalSliceConcurrently.
// `go generate` runs it after gqlgen.
package main

import (
	"bytes"
	"log"
	"os"
)

const file = "generated.go"

func main() {
	src, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	from, to := []byte("graphql.MarshalSliceConcurrently("), []byte("marshalList(")
	if !bytes.Contains(src, from) {
		log.Fatalf("%s calls no graphql.MarshalSliceConcurrently: has gqlgen changed how it marshals lists?", file)
	}
	if err := os.WriteFile(file, bytes.ReplaceAll(src, from, to), 0o644); err != nil {
		log.Fatal(err)
	}
}
