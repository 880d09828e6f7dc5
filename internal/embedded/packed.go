package embedded

import (
	"encoding/binary"
	"math"
	"unsafe"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Projects and organisations are most of a large graph's nodes, and as Go
// structs their strings, slices and budgets are pointers that every cycle of
// the garbage collector follows: at a million projects, 83 of the 112 ms a
// collection took (BENCHMARKS.md). Once a state is built they are kept
// encoded in blocks of bytes, which the collector does not look into, and
// are made into structs again when they are read. A node of another kind, or
// a project with contacts or figures (a few, in the built-in dataset), stays
// as it is.

// packedNodes are the nodes of a built state: most encoded in blocks (one
// growing slice would be copied again and again as it grew, a few hundred
// megabytes at a million projects), the rest kept as they are.
type packedNodes struct {
	// blocks are only appended to, within their capacity, so the strings
	// cut from them never change.
	blocks [][]byte
	// at says where each node is, by position: its record's block <<
	// blockBits | offset, or kept | its index in kept. An array of
	// numbers, which the collector does not look into either, where a
	// []hanke.Node of 1.5 million mostly nil interfaces was 24 MB for it
	// to scan every cycle; and reading a node touches it alone.
	at   []uint32
	kept []hanke.Node
}

// kept marks at's entries for nodes kept as they are.
const kept = 1 << 31

// blockBits sizes the blocks (1 MiB); a record longer than a block has one
// of its own. A position names at most 1 << (31 - blockBits) blocks, 2 GiB
// of records; nodes past that are kept as they are.
const blockBits = 20

// Record tags: what kind of node a record is.
const (
	packedProject      = 'P'
	packedOrganisation = 'O'
)

// appendRecord appends n's record to b, when n is of a kind kept encoded.
func appendRecord(b []byte, n hanke.Node) ([]byte, bool) {
	switch n := n.(type) {
	case *hanke.Project:
		if len(n.Contacts) > 0 || len(n.Figures) > 0 {
			return b, false
		}
		b = appendBase(append(b, packedProject), &n.Base)
		b = appendString(appendString(b, n.Acronym), string(n.Kind))
		b = appendText(b, n.Summary)
		b = appendString(appendString(appendString(b, n.StartDate), n.EndDate), n.Note)
		b = appendNumber(appendNumber(appendNumber(b, n.TotalBudgetEur), n.EUContributionEur), n.EUCofinancingPercent)
		b = binary.AppendUvarint(b, uint64(len(n.Identifiers)))
		for _, id := range n.Identifiers {
			b = appendString(appendString(b, id.Scheme), id.Value)
		}
		b = binary.AppendUvarint(b, uint64(len(n.Classifications)))
		for _, c := range n.Classifications {
			b = appendString(appendString(appendString(b, c.Scheme), c.Code), c.Label)
		}
	case *hanke.Organisation:
		b = appendBase(append(b, packedOrganisation), &n.Base)
		b = appendString(appendString(b, n.Acronym), string(n.Kind))
		b = appendString(appendStrings(b, n.AltNames), n.BusinessID)
	default:
		return b, false
	}
	return b, true
}

// add keeps a record in the blocks and says where, unless the blocks are
// full.
func (pk *packedNodes) add(record []byte) (at uint32, ok bool) {
	last := len(pk.blocks) - 1
	if last < 0 || len(pk.blocks[last])+len(record) > cap(pk.blocks[last]) {
		if len(pk.blocks) == 1<<(31-blockBits) {
			return 0, false
		}
		pk.blocks = append(pk.blocks, make([]byte, 0, max(1<<blockBits, len(record))))
		last++
	}
	at = uint32(last<<blockBits | len(pk.blocks[last]))
	pk.blocks[last] = append(pk.blocks[last], record...)
	return at, true
}

// keep adds a node kept as it is and says where.
func (pk *packedNodes) keep(n hanke.Node) (at uint32) {
	pk.kept = append(pk.kept, n)
	return kept | uint32(len(pk.kept)-1)
}

// node is the node at position p.
func (pk *packedNodes) node(p int32) hanke.Node {
	at := pk.at[p]
	if at&kept != 0 {
		return pk.kept[at&^kept]
	}
	return pk.unpack(at)
}

// id is the id of the node at position p, read without making the node:
// every record starts with it.
func (pk *packedNodes) id(p int32) string {
	at := pk.at[p]
	if at&kept != 0 {
		return pk.kept[at&^kept].NodeID()
	}
	r := pk.record(at)
	r.byte()
	return r.string()
}

// record reads the record at at.
func (pk *packedNodes) record(at uint32) reader {
	return reader{data: pk.blocks[at>>blockBits], i: int(at & (1<<blockBits - 1))}
}

// unpackedProject is a project made from its record with its budgets and
// its first source beside it, so that making one is one allocation.
type unpackedProject struct {
	hanke.Project
	numbers [3]float64
	source  [1]string
}

// unpack makes the node whose record is at at.
func (pk *packedNodes) unpack(at uint32) hanke.Node {
	r := pk.record(at)
	switch r.byte() {
	case packedProject:
		u := &unpackedProject{}
		p := &u.Project
		r.base(&p.Base, u.source[:0])
		p.Acronym, p.Kind, p.Summary = r.string(), hanke.ProjectKind(r.string()), r.text()
		p.StartDate, p.EndDate, p.Note = r.string(), r.string(), r.string()
		p.TotalBudgetEur = r.number(&u.numbers[0])
		p.EUContributionEur = r.number(&u.numbers[1])
		p.EUCofinancingPercent = r.number(&u.numbers[2])
		if n := r.uvarint(); n > 0 {
			p.Identifiers = make([]hanke.Identifier, n)
			for k := range p.Identifiers {
				p.Identifiers[k] = hanke.Identifier{Scheme: r.string(), Value: r.string()}
			}
		}
		if n := r.uvarint(); n > 0 {
			p.Classifications = make([]hanke.Classification, n)
			for k := range p.Classifications {
				p.Classifications[k] = hanke.Classification{Scheme: r.string(), Code: r.string(), Label: r.string()}
			}
		}
		return p
	default:
		o := &hanke.Organisation{}
		r.base(&o.Base, nil)
		o.Acronym, o.Kind = r.string(), hanke.OrganisationKind(r.string())
		o.AltNames, o.BusinessID = r.stringsInto(nil), r.string()
		return o
	}
}

func appendBase(b []byte, n *hanke.Base) []byte {
	b = appendText(appendString(b, n.ID), n.Names)
	b = appendStrings(b, n.Sources)
	if n.Synthetic {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendText(b []byte, t hanke.LocalizedText) []byte {
	return appendString(appendString(appendString(b, t.Fi), t.Sv), t.En)
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

// appendNumber writes an absent number as 0 and a present one as 1 and
// its bits.
func appendNumber(b []byte, f *float64) []byte {
	if f == nil {
		return append(b, 0)
	}
	return binary.LittleEndian.AppendUint64(append(b, 1), math.Float64bits(*f))
}

// reader reads a record. Its strings are cut from the data, not copied.
type reader struct {
	data []byte
	i    int
}

func (r *reader) byte() byte {
	r.i++
	return r.data[r.i-1]
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.data[r.i:])
	r.i += n
	return v
}

func (r *reader) string() string {
	n := int(r.uvarint())
	if n == 0 {
		return ""
	}
	s := unsafe.String(&r.data[r.i], n)
	r.i += n
	return s
}

func (r *reader) text() hanke.LocalizedText {
	return hanke.LocalizedText{Fi: r.string(), Sv: r.string(), En: r.string()}
}

// base reads what appendBase wrote into b, its sources into room if it
// has room for them.
func (r *reader) base(b *hanke.Base, room []string) {
	b.ID, b.Names, b.Sources = r.string(), r.text(), r.stringsInto(room)
	b.Synthetic = r.byte() == 1
}

// stringsInto reads a list of strings into room, if it has room for them;
// none are nil.
func (r *reader) stringsInto(room []string) []string {
	n := int(r.uvarint())
	if n == 0 {
		return nil
	}
	ss := room[:0]
	if cap(room) < n {
		ss = make([]string, 0, n)
	}
	for range n {
		ss = append(ss, r.string())
	}
	return ss
}

// number reads a number into f, nil when it is absent.
func (r *reader) number(f *float64) *float64 {
	if r.byte() == 0 {
		return nil
	}
	*f = math.Float64frombits(binary.LittleEndian.Uint64(r.data[r.i:]))
	r.i += 8
	return f
}
