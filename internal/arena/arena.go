// Package arena keeps many small values that live as long as a loaded graph
// in a few large blocks.
//
// The garbage collector visits every object on every cycle. A million
// projects' ids, names, summaries and budgets, each its own allocation, are
// some eight million objects, and marking them took about 2 s of CPU a cycle
// (measured with the embedded store holding a million synthetic projects);
// copied into blocks, they are a few thousand, and a cycle took a third of
// that. A value keeps its whole block alive, which suits data loaded once
// and kept, not data that comes and goes.
package arena

import "strings"

// blockSize is the bytes a Strings block holds: large enough that blocks
// are few, small enough that a block kept alive by one string wastes little.
const blockSize = 1 << 20

// Strings copies strings into shared blocks. The zero value is ready to use;
// it is not safe for concurrent use.
type Strings struct{ block strings.Builder }

// Copy is s, copied into the current block.
func (a *Strings) Copy(s string) string {
	switch {
	case s == "":
		return ""
	case len(s) > blockSize/16: // a long text is kept on its own
		return strings.Clone(s)
	}
	if a.block.Len()+len(s) > a.block.Cap() {
		// The strings handed out keep the old block; the builder forgets it.
		a.block = strings.Builder{}
		a.block.Grow(blockSize)
	}
	// The builder never rewrites what it holds, and its Cap is never passed,
	// so the strings cut from String stay as they were.
	a.block.WriteString(s)
	all := a.block.String()
	return all[len(all)-len(s):]
}

// slabSize is how many values a Slab block holds.
const slabSize = 1024

// Slab keeps values of one type in shared blocks and hands out pointers to
// them. The zero value is ready to use; it is not safe for concurrent use.
type Slab[T any] struct{ block []T }

// New is a pointer to a copy of v in the current block.
func (s *Slab[T]) New(v T) *T {
	if len(s.block) == cap(s.block) {
		s.block = make([]T, 0, slabSize)
	}
	s.block = append(s.block, v)
	return &s.block[len(s.block)-1]
}

// List is strings copied, in order, into one string, and where each ends in
// it: numbers, which the collector does not look into, where a []string of
// a million ids is 16 MB of pointers for it to follow every cycle. Reading
// them in order reads memory in sequence. It holds at most 4 GiB of text.
type List struct {
	text string
	ends []uint32
}

// NewList copies n strings, the i-th s(i), into a List.
func NewList(n int, s func(i int) string) List {
	var text strings.Builder
	ends := make([]uint32, n)
	for i := range n {
		text.WriteString(s(i))
		ends[i] = uint32(text.Len())
	}
	return List{text: text.String(), ends: ends}
}

// Len is how many strings l holds.
func (l List) Len() int { return len(l.ends) }

// At is the i-th string.
func (l List) At(i int) string {
	var start uint32
	if i > 0 {
		start = l.ends[i-1]
	}
	return l.text[start:l.ends[i]]
}
