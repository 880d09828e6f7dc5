package dataset

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// A file of a million projects holds some ten million records, and decoding
// them through encoding/json's reflection was most of reading it. Records as
// Write writes them have a plain shape — objects of the format's members,
// each given once and by its exact name, strings without escapes, numbers
// that fit their field — which plainScanner reads directly. Anything else
// goes to encoding/json, which also says what is wrong with it, so that the
// two always agree: the scanner gives up rather than guess.

// plainScanner reads the plain JSON of one record.
type plainScanner struct {
	text string
	at   int
	// blocks keep the strings and amounts read; nil for records, such as
	// edges, whose strings the store does not keep as they are.
	blocks *nodeBlocks
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

// end tells whether nothing but space is left: one value a line.
func (s *plainScanner) end() bool {
	s.space()
	return s.at == len(s.text)
}

// view reads a string without escapes or control characters, valid UTF-8.
// It is part of the record's text: what is kept must be copied (str) or
// swapped for a shared string.
func (s *plainScanner) view() (string, bool) {
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
			if !ascii && !utf8.ValidString(v) {
				return "", false // encoding/json would replace the bad bytes
			}
			return v, true
		case c == '\\' || c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false
}

// str reads a string of its own.
func (s *plainScanner) str() (string, bool) {
	v, ok := s.view()
	return s.blocks.text(v), ok
}

// word reads a string of the format's closed lists (a kind, a role), shared
// with every record that has the same one.
func (s *plainScanner) word() (string, bool) {
	v, ok := s.view()
	if w, known := vocabulary[v]; known {
		return w, ok
	}
	return s.blocks.text(v), ok
}

func (s *plainScanner) strInto(dst *string) bool {
	v, ok := s.str()
	*dst = v
	return ok
}

// strs reads a list of strings; [] is an empty list, not none, as encoding/json has it.
func (s *plainScanner) strs() ([]string, bool) {
	out := []string{}
	ok := s.list(func() bool {
		v, ok := s.str()
		out = append(out, v)
		return ok
	})
	return out, ok
}

func (s *plainScanner) strsInto(dst *[]string) bool {
	v, ok := s.strs()
	*dst = v
	return ok
}

func (s *plainScanner) boolean() (bool, bool) {
	s.space()
	for _, lit := range []string{"true", "false"} {
		if strings.HasPrefix(s.text[s.at:], lit) {
			s.at += len(lit)
			return lit == "true", true
		}
	}
	return false, false
}

// numberText reads a JSON number's text; fraction tells whether it has a
// fraction or an exponent.
func (s *plainScanner) numberText() (text string, fraction, ok bool) {
	s.space()
	start := s.at
	digits := func() bool {
		from := s.at
		for s.at < len(s.text) && s.text[s.at] >= '0' && s.text[s.at] <= '9' {
			s.at++
		}
		return s.at > from
	}
	next := func(c byte) bool {
		if s.at < len(s.text) && s.text[s.at] == c {
			s.at++
			return true
		}
		return false
	}
	next('-')
	if next('0') {
		if s.at < len(s.text) && s.text[s.at] >= '0' && s.text[s.at] <= '9' {
			return "", false, false // a leading zero
		}
	} else if !digits() {
		return "", false, false
	}
	if next('.') {
		if fraction = true; !digits() {
			return "", false, false
		}
	}
	if next('e') || next('E') {
		if fraction = true; !next('+') {
			next('-')
		}
		if !digits() {
			return "", false, false
		}
	}
	return s.text[start:s.at], fraction, true
}

// number reads a float64 as encoding/json does; one out of its range is not plain.
func (s *plainScanner) number() (float64, bool) {
	text, _, ok := s.numberText()
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(text, 64)
	return v, err == nil
}

func (s *plainScanner) numberPtr(dst **float64) bool {
	v, ok := s.number()
	*dst = s.blocks.amount(v)
	return ok
}

// integer reads an int; a fraction or an exponent, which encoding/json
// refuses for an int, is not plain.
func (s *plainScanner) integer(dst *int) bool {
	text, fraction, ok := s.numberText()
	if !ok || fraction {
		return false
	}
	v, err := strconv.ParseInt(text, 10, strconv.IntSize)
	*dst = int(v)
	return err == nil
}

// list reads a list whose items item reads.
func (s *plainScanner) list(item func() bool) bool {
	if !s.take('[') {
		return false
	}
	if s.take(']') {
		return true
	}
	for {
		if !item() {
			return false
		}
		if s.take(']') {
			return true
		}
		if !s.take(',') {
			return false
		}
	}
}

// objects reads a list of objects into dst, a new list (empty, not nil, for
// []), each object's members read by member as object reads them. One
// object is filled in turn, so that a list costs one closure, not one an
// object.
func objects[T any](s *plainScanner, dst *[]T, member func(o *T, name string) bool) bool {
	*dst = []T{}
	var o T
	read := func(name string) bool { return member(&o, name) }
	return s.list(func() bool {
		var zero T
		o = zero
		ok := s.object(read)
		*dst = append(*dst, o)
		return ok
	})
}

// maxMembers is more than any object of the format has (a Project has 17).
const maxMembers = 24

// object reads an object whose members member reads by name, returning false
// for a name it does not know. A member given twice is not plain:
// encoding/json would keep the last.
func (s *plainScanner) object(member func(name string) bool) bool {
	if !s.take('{') {
		return false
	}
	var seenNames [maxMembers]string
	seen := seenNames[:0]
	if s.take('}') {
		return true
	}
	for {
		name, ok := s.view()
		if !ok || !s.take(':') || len(seen) == maxMembers {
			return false
		}
		for _, n := range seen {
			if n == name {
				return false
			}
		}
		seen = append(seen, name)
		if !member(name) {
			return false
		}
		if s.take('}') {
			return true
		}
		if !s.take(',') {
			return false
		}
	}
}

// localized reads a text in Finnish, Swedish and English.
func (s *plainScanner) localized(t *hanke.LocalizedText) bool {
	return s.object(func(name string) bool {
		switch name {
		case "fi":
			return s.strInto(&t.Fi)
		case "sv":
			return s.strInto(&t.Sv)
		case "en":
			return s.strInto(&t.En)
		}
		return false
	})
}
