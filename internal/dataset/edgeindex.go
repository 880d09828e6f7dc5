package dataset

import (
	"hash/maphash"
	"maps"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// edgeIndex finds an edge's position in the builder's list by its type and
// ends. It keys its map by a hash of the three, 8 bytes an entry where the
// three strings would take 48 — a million projects have eight million edges;
// the rare edge whose hash another edge has goes in a second map, keyed by
// the strings.
type edgeIndex struct {
	seed     maphash.Seed
	byHash   map[uint64]int32
	collided map[edgeKey]int32
}

func newEdgeIndex(size int) edgeIndex {
	return edgeIndex{seed: maphash.MakeSeed(), byHash: make(map[uint64]int32, size), collided: map[edgeKey]int32{}}
}

func (x *edgeIndex) hash(k edgeKey) uint64 {
	h := maphash.String(x.seed, string(k.t))
	h = h*0x9e3779b97f4a7c15 ^ maphash.String(x.seed, k.from)
	return h*0x9e3779b97f4a7c15 ^ maphash.String(x.seed, k.to)
}

// find is where the edge with key k is in edges.
func (x *edgeIndex) find(edges []hanke.Edge, k edgeKey) (int32, bool) {
	if at, ok := x.byHash[x.hash(k)]; ok && keyOf(&edges[at]) == k {
		return at, true
	}
	at, ok := x.collided[k]
	return at, ok
}

// put notes that the edge with key k, which find does not find, is at at.
func (x *edgeIndex) put(k edgeKey, at int32) {
	h := x.hash(k)
	if _, taken := x.byHash[h]; taken {
		x.collided[k] = at
		return
	}
	x.byHash[h] = at
}

// remove forgets the edge with key k.
func (x *edgeIndex) remove(k edgeKey) {
	if _, ok := x.collided[k]; ok {
		delete(x.collided, k)
		return
	}
	delete(x.byHash, x.hash(k))
}

// grow makes room for more edges at once, rather than as they come.
func (x *edgeIndex) grow(more int) {
	if more > len(x.byHash) {
		bigger := make(map[uint64]int32, len(x.byHash)+more)
		maps.Copy(bigger, x.byHash)
		x.byHash = bigger
	}
}
