package embedded

import (
	"iter"
	"math/bits"
)

// bitset is a set of small non-negative numbers, a bit each. Filters are
// bitsets over projects' places in id order: a million projects are 125 KB
// a set, and combining two costs 15 625 word operations.
type bitset []uint64

func newBitset(n int) bitset           { return make(bitset, (n+63)/64) }
func (b bitset) add(i int32)           { b[i/64] |= 1 << (i % 64) }
func (b bitset) remove(i int32)        { b[i/64] &^= 1 << (i % 64) }
func (b bitset) contains(i int32) bool { return b[i/64]&(1<<(i%64)) != 0 }

// every is the set of 0 … n-1.
func every(n int) bitset {
	b := newBitset(n)
	for w := range b {
		b[w] = ^uint64(0)
	}
	if n%64 != 0 {
		b[len(b)-1] = 1<<(n%64) - 1
	}
	return b
}

// and keeps in b what is also in c.
func (b bitset) and(c bitset) {
	for w := range b {
		b[w] &= c[w]
	}
}

// andNot keeps in b what is not in c.
func (b bitset) andNot(c bitset) {
	for w := range b {
		b[w] &^= c[w]
	}
}

// or adds c to b.
func (b bitset) or(c bitset) {
	for w := range b {
		b[w] |= c[w]
	}
}

func (b bitset) count() int {
	n := 0
	for _, word := range b {
		n += bits.OnesCount64(word)
	}
	return n
}

// members are b's numbers in ascending order.
func (b bitset) members() iter.Seq[int32] {
	return func(yield func(int32) bool) {
		for w, word := range b {
			for ; word != 0; word &= word - 1 {
				if !yield(int32(w*64 + bits.TrailingZeros64(word))) {
					return
				}
			}
		}
	}
}
