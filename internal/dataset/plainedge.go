package dataset

import (
	"unicode/utf8"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// A file of a million projects holds some eight million relationships, and
// decoding them through encoding/json's reflection is most of reading it.
// Relationships as Write writes them have a plain shape, which decodePlainEdge
// reads directly; anything else goes to encoding/json, which also says what
// is wrong with it, so that the two always agree.

// edgeMembers are the members of a relationship record, each a bit.
var edgeMembers = map[string]uint{
	"type": 0, "from": 1, "to": 2, "role": 3, "priority": 4, "specificObjective": 5, "note": 6, "sources": 7, "synthetic": 8,
}

// decodePlainEdge decodes a relationship record of the plain shape — an
// object of the Edge's members, each at most once, strings without escapes,
// sources a list of such strings, synthetic true or false — and tells
// whether the record had it.
func decodePlainEdge(text []byte) (e hanke.Edge, ok bool) {
	s := plainScanner{text: text}
	if !s.take('{') {
		return e, false
	}
	var seen uint
	for first := true; ; first = false {
		if s.take('}') {
			break
		}
		if !first && !s.take(',') {
			return e, false
		}
		name, ok := s.str()
		bit, known := edgeMembers[name]
		if !ok || !known || seen&(1<<bit) != 0 || !s.take(':') {
			return e, false
		}
		seen |= 1 << bit
		switch name {
		case "sources":
			if e.Sources, ok = s.strs(); !ok {
				return e, false
			}
		case "synthetic":
			if e.Synthetic, ok = s.boolean(); !ok {
				return e, false
			}
		default:
			v, ok := s.str()
			if !ok {
				return e, false
			}
			switch name {
			case "type":
				e.Type = hanke.RelType(v)
			case "from":
				e.From = v
			case "to":
				e.To = v
			case "role":
				e.Role = v
			case "priority":
				e.Priority = v
			case "specificObjective":
				e.SpecificObjective = v
			case "note":
				e.Note = v
			}
		}
	}
	s.space()
	return e, s.at == len(s.text) // one value a line
}

// plainScanner reads the plain JSON of decodePlainEdge.
type plainScanner struct {
	text []byte
	at   int
}

func (s *plainScanner) space() {
	for s.at < len(s.text) && (s.text[s.at] == ' ' || s.text[s.at] == '\t' || s.text[s.at] == '\r' || s.text[s.at] == '\n') {
		s.at++
	}
}

// take skips c, after any space, if it is next.
func (s *plainScanner) take(c byte) bool {
	s.space()
	if s.at < len(s.text) && s.text[s.at] == c {
		s.at++
		return true
	}
	return false
}

// str reads a string without escapes or control characters, valid UTF-8.
func (s *plainScanner) str() (string, bool) {
	if !s.take('"') {
		return "", false
	}
	start := s.at
	ascii := true
	for ; s.at < len(s.text); s.at++ {
		switch c := s.text[s.at]; {
		case c == '"':
			v := s.text[start:s.at]
			s.at++
			if !ascii && !utf8.Valid(v) {
				return "", false // encoding/json would replace the bad bytes
			}
			return string(v), true
		case c == '\\' || c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false
}

// strs reads a list of strings.
func (s *plainScanner) strs() ([]string, bool) {
	if !s.take('[') {
		return nil, false
	}
	out := []string{}
	if s.take(']') {
		return out, true
	}
	for {
		v, ok := s.str()
		if !ok {
			return nil, false
		}
		out = append(out, v)
		if s.take(']') {
			return out, true
		}
		if !s.take(',') {
			return nil, false
		}
	}
}

func (s *plainScanner) boolean() (bool, bool) {
	s.space()
	for _, lit := range []string{"true", "false"} {
		if len(s.text)-s.at >= len(lit) && string(s.text[s.at:s.at+len(lit)]) == lit {
			s.at += len(lit)
			return lit == "true", true
		}
	}
	return false, false
}
