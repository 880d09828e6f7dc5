package atlas

import (
	"encoding/binary"
	"math"
	"slices"
)

// participation is an organisation taking part in a project, as
// participations have it.
type participation struct{ project, organisation int32 }

// maxOrganisation is the largest organisation number participations hold.
const maxOrganisation = 1<<24 - 1

// participations are, for each project, the organisations taking part in
// it, grouped by project, in as little memory as reads them in a step. The
// region statistics read them for every selected project, scattered over
// the whole list, so that at a million projects its size is what a request
// costs: three bytes an organisation and two a project, where an int32 each
// took four and four, made BenchmarkStatsBySectorOnADay 1.5 times as fast.
type participations struct {
	// organisations are three bytes each, little-endian, and one byte more
	// at the end, so that the last can be read as four.
	organisations []byte
	// Project p's organisations are from start(p) to start(p+1): blocks
	// are where each block of 1<<shift projects starts, within how far
	// each project starts from its block's start. shift is as large as
	// keeps every distance within a uint16 (6 unless some projects have
	// about a thousand organisations each).
	blocks []int32
	within []uint16
	shift  uint
}

// groupParticipations groups the pairs of n projects by project. Every
// organisation is at most maxOrganisation.
func groupParticipations(n int, pairs []participation) participations {
	starts := make([]int32, n+1)
	for _, pair := range pairs {
		starts[pair.project+1]++
	}
	for p := range n {
		starts[p+1] += starts[p]
	}
	var ps participations
	next := slices.Clone(starts[:n])
	ps.organisations = make([]byte, 3*len(pairs)+1)
	for _, pair := range pairs {
		// Three bytes, not a PutUint32: the pairs come in any order, and a
		// fourth byte would overwrite the first of a neighbour written before.
		at, o := 3*next[pair.project], pair.organisation
		ps.organisations[at], ps.organisations[at+1], ps.organisations[at+2] = byte(o), byte(o>>8), byte(o>>16)
		next[pair.project]++
	}
	ps.shift = 6
	for ps.shift > 0 && !withinUint16(starts, ps.shift) {
		ps.shift--
	}
	ps.blocks, ps.within = make([]int32, n>>ps.shift+1), make([]uint16, n+1)
	for p, start := range starts {
		if p&(1<<ps.shift-1) == 0 {
			ps.blocks[p>>ps.shift] = start
		}
		ps.within[p] = uint16(start - ps.blocks[p>>ps.shift])
	}
	return ps
}

// withinUint16 is whether every start is within a uint16 of the start of
// its block of 1<<shift.
func withinUint16(starts []int32, shift uint) bool {
	for first := 0; first < len(starts); first += 1 << shift {
		last := min(first+1<<shift, len(starts)) - 1
		if starts[last]-starts[first] > math.MaxUint16 {
			return false
		}
	}
	return true
}

// of is where project p's organisations are: from and up to to.
func (ps *participations) of(p int32) (from, to int32) {
	return ps.start(p), ps.start(p + 1)
}

// start is where project p's organisations start, and where project
// p-1's end.
func (ps *participations) start(p int32) int32 {
	return ps.blocks[p>>ps.shift] + int32(ps.within[p])
}

// organisation is the i-th organisation.
func (ps *participations) organisation(i int32) int32 {
	return int32(binary.LittleEndian.Uint32(ps.organisations[3*i:]) & maxOrganisation)
}
