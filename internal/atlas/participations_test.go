package atlas

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Each project keeps its organisations, in the order given, up to the
// largest organisation number, however many a project has: a block's
// projects start within a uint16 of the block's start only while they have
// fewer than about a thousand each, and blocks are made smaller where
// they have more.
func TestGroupParticipations(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		heavy    int  // organisations each of the heavy projects has
		from, to int  // the heavy projects
		shift    uint // the blocks that keep the distances within a uint16
	}{{0, 0, 0, 6}, {1100, 128, 192, 5}, {70_000, 130, 131, 0}} {
		const n = 300
		want := make([][]int32, n)
		var pairs []participation
		for p := range n {
			k := rnd.IntN(10)
			if p >= c.from && p < c.to {
				k = c.heavy
			}
			for range k {
				o := rnd.Int32N(maxOrganisation + 1)
				if rnd.IntN(50) == 0 {
					o = maxOrganisation
				}
				want[p] = append(want[p], o)
				pairs = append(pairs, participation{int32(p), o})
			}
		}
		// Interleave the projects' pairs, keeping each project's in order.
		rnd.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
		next := make([]int, n)
		for i := range pairs {
			p := pairs[i].project
			pairs[i].organisation = want[p][next[p]]
			next[p]++
		}

		ps := groupParticipations(n, pairs)
		for p := range int32(n) {
			var got []int32
			for i, end := ps.of(p); i < end; i++ {
				got = append(got, ps.organisation(i))
			}
			if !slices.Equal(got, want[p]) {
				t.Fatalf("%d heavy projects of %d: project %d has %d organisations, want %d (%v…, want %v…)",
					c.to-c.from, c.heavy, p, len(got), len(want[p]), got[:min(len(got), 3)], want[p][:min(len(want[p]), 3)])
			}
		}
		if ps.shift != c.shift {
			t.Errorf("%d heavy projects of %d: blocks of %d projects, want %d", c.to-c.from, c.heavy, 1<<ps.shift, 1<<c.shift)
		}
	}
}
