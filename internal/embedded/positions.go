package embedded

import "hash/maphash"

// positions find nodes' positions by their ids. It is a hash table of
// positions rather than a map[string]int32: a map holds every id again as a
// string, a pointer that each cycle of the garbage collector follows, and
// with the nodes packed (packed.go) those were nearly all that was left for
// it to mark in a million-project store. Here an entry is a number; its id
// is its node's (state.find).
type positions struct {
	seed maphash.Seed
	// slots are open-addressed, probed in turn. An empty slot is 0; a used
	// one holds the position plus one in its low 32 bits and the high 32
	// bits of the id's hash above them, so that a probe reads a node's id
	// only where the hashes agree.
	slots []uint64
}

// newPositions is a table with room for n ids: twice as many slots, so
// that probes stay short.
func newPositions(n int) positions {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return positions{seed: maphash.MakeSeed(), slots: make([]uint64, size)}
}

// add puts position p, whose id is id, in the table; the table must not
// have the id yet, and must have room.
func (t *positions) add(p int32, id string) {
	h := maphash.String(t.seed, id)
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = h>>32<<32 | uint64(uint32(p+1))
}

// find is the position of the node with the id, if the state has one.
func (st *state) find(id string) (int32, bool) {
	t := &st.position
	h := maphash.String(t.seed, id)
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if p := int32(uint32(s)) - 1; s>>32 == h>>32 && st.id(p) == id {
			return p, true
		}
	}
}
