package dataset

import "github.com/hankegraph/hankegraph/internal/hanke"

// decodePlainEdge decodes a relationship record of the plain shape (see
// plainScanner) and tells whether the record had it. Its ends are views of
// the record's text, which the builder swaps for the nodes' own ids: a
// million projects have sixteen million ends, all naming known nodes.
func decodePlainEdge(text string) (e hanke.Edge, ok bool) {
	s := &plainScanner{text: text}
	return e, s.object(func(name string) bool {
		var ok bool
		switch name {
		case "type":
			var t string
			t, ok = s.word()
			e.Type = hanke.RelType(t)
		case "from":
			e.From, ok = s.view()
		case "to":
			e.To, ok = s.view()
		case "role":
			e.Role, ok = s.word()
		case "priority":
			e.Priority, ok = s.str()
		case "specificObjective":
			e.SpecificObjective, ok = s.str()
		case "note":
			e.Note, ok = s.str()
		case "sources":
			e.Sources, ok = s.strs()
		case "synthetic":
			e.Synthetic, ok = s.boolean()
		}
		return ok
	}) && s.end()
}
