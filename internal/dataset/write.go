package dataset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// Write writes g as a dataset file: one record a line, nodes first and then
// relationships, each in the graph's order, so that the same graph always
// gives the same file. Welfare regions are left out: they are built in, and a
// dataset file may not hold them. What Write writes, Load reads back.
func Write(w io.Writer, g *hanke.Graph) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	for _, n := range g.Nodes {
		if n.NodeLabel() == hanke.LabelWelfareRegion {
			continue
		}
		text, err := json.Marshal(n)
		if err != nil {
			return fmt.Errorf("%s: %w", n.NodeID(), err)
		}
		// A node's JSON is its record without the "type" member, which goes first.
		bw.WriteString(`{"type":"` + string(n.NodeLabel()) + `",`)
		bw.Write(text[1:])
		bw.WriteByte('\n')
	}
	for _, e := range g.Edges {
		text, err := json.Marshal(e) // Edge.Type is the record's "type"
		if err != nil {
			return fmt.Errorf("%s: %w", e.ID(), err)
		}
		bw.Write(text)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
