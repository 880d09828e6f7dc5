package bitset

import (
	"slices"
	"testing"
)

func TestSetOperations(t *testing.T) {
	const n = 130 // three words, the last partly used
	evens, low := New(n), New(n)
	for i := int32(0); i < n; i += 2 {
		evens.Add(i)
	}
	for i := range int32(70) {
		low.Add(i)
	}
	if got := Full(n).Count(); got != n {
		t.Errorf("Full(%d) has %d members", n, got)
	}
	if got := evens.CountIn(low); got != 35 {
		t.Errorf("CountIn: %d", got)
	}
	both := slices.Clone(evens)
	both.And(low)
	if got := slices.Collect(both.Members()); len(got) != 35 || got[0] != 0 || got[34] != 68 {
		t.Errorf("And: %v", got)
	}
	odd := Full(n)
	odd.AndNot(evens)
	if odd.Contains(4) || !odd.Contains(129) || odd.Count() != 65 {
		t.Errorf("AndNot: %v", slices.Collect(odd.Members()))
	}
	odd.Or(evens)
	odd.Remove(7)
	if odd.Count() != n-1 || odd.Contains(7) {
		t.Errorf("Or and Remove: %d members", odd.Count())
	}
	for i := range odd.Members() {
		if i == 64 {
			break // stopping early is allowed
		}
	}
}

// CountRange agrees with counting the members one by one, for ranges
// within a word, across words and at both ends of the set.
func TestCountRange(t *testing.T) {
	const n = 200
	b := New(n)
	for i := int32(0); i < n; i++ {
		if i%3 == 0 || i%7 == 0 {
			b.Add(i)
		}
	}
	for lo := int32(0); lo <= n; lo++ {
		for hi := int32(0); hi <= n; hi++ {
			want := 0
			for i := range b.Members() {
				if i >= lo && i < hi {
					want++
				}
			}
			if got := b.CountRange(lo, hi); got != want {
				t.Fatalf("CountRange(%d, %d) = %d, want %d", lo, hi, got, want)
			}
		}
	}
}
