package atlas

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// find gives the same answer as a plain binary search, for ids that come in
// order (galloping), out of order, or not in the index at all.
func TestFind(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 7, 1000} {
		var projects []string
		for i := range n {
			projects = append(projects, fmt.Sprintf("project:p%05d", 2*i)) // odd numbers are missing
		}
		ix := &index{}
		ix.setProjects(projects)
		var asked []string
		for i := range 2*n + 2 {
			if rnd.IntN(3) == 0 {
				asked = append(asked, fmt.Sprintf("project:p%05d", i))
			}
		}
		shuffled := slices.Clone(asked)
		rnd.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for _, ids := range [][]string{asked, shuffled} {
			next := 0
			for _, id := range ids {
				got, found := ix.find(id, next)
				want, wantFound := slices.BinarySearch(projects, id)
				if got != want || found != wantFound {
					t.Fatalf("n=%d: find(%s, %d) = %d %v, want %d %v", n, id, next, got, found, want, wantFound)
				}
				next = got
				if found {
					next++
				}
			}
		}
	}
}

func TestRegionSet(t *testing.T) {
	s := regionSet(1)<<0 | 1<<5 | 1<<22
	if got := slices.Collect(s.members()); !slices.Equal(got, []int{0, 5, 22}) {
		t.Errorf("members %v", got)
	}
	if got := slices.Collect(s.above(5).members()); !slices.Equal(got, []int{22}) {
		t.Errorf("above 5: %v", got)
	}
	if got := slices.Collect(s.above(0).members()); !slices.Equal(got, []int{5, 22}) {
		t.Errorf("above 0: %v", got)
	}
}
