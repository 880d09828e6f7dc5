package neo4j

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
)

// fakeNeo4j serves just enough of Bolt 4.4 for the driver to connect and
// run statements in transactions: every statement returns one row, [1], in
// a column "ok". It records the statements it is sent.
type fakeNeo4j struct {
	mu  sync.Mutex
	run []string
}

// startFakeNeo4j serves a fakeNeo4j at addr.
func startFakeNeo4j(t *testing.T, addr string) *fakeNeo4j {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	f := &fakeNeo4j{}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	return f
}

// statements hands out the statements run since it was last called.
func (f *fakeNeo4j) statements() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	run := f.run
	f.run = nil
	return run
}

// Bolt message signatures (the server's and those the fake answers specially).
const (
	boltHello    = 0x01
	boltGoodbye  = 0x02
	boltRun      = 0x10
	boltPull     = 0x3f
	boltCommit   = 0x12
	boltSuccess  = 0x70
	boltRecord   = 0x71
	boltVersion4 = 0x00000404
)

func (f *fakeNeo4j) serve(c net.Conn) {
	defer c.Close()
	handshake := make([]byte, 20) // magic and four version proposals
	if _, err := io.ReadFull(c, handshake); err != nil {
		return
	}
	if err := binary.Write(c, binary.BigEndian, uint32(boltVersion4)); err != nil {
		return
	}
	for {
		msg, err := readBoltMessage(c)
		if err != nil || len(msg) < 2 {
			return
		}
		var reply [][]byte
		switch msg[1] {
		case boltGoodbye:
			return
		case boltHello:
			reply = append(reply, packSuccess(map[string]any{"server": "Neo4j/4.4.0", "connection_id": "bolt-1"}))
		case boltRun:
			f.mu.Lock()
			f.run = append(f.run, unpackString(msg[2:]))
			f.mu.Unlock()
			reply = append(reply, packSuccess(map[string]any{"fields": []any{"ok"}, "t_first": int64(0)}))
		case boltPull:
			reply = append(reply,
				packStruct(boltRecord, []any{int64(1)}),
				packSuccess(map[string]any{"has_more": false, "type": "r", "bookmark": "fake:1"}))
		case boltCommit:
			reply = append(reply, packSuccess(map[string]any{"bookmark": "fake:1"}))
		default: // BEGIN, RESET, ROLLBACK, …
			reply = append(reply, packSuccess(map[string]any{}))
		}
		for _, m := range reply {
			if err := writeBoltMessage(c, m); err != nil {
				return
			}
		}
	}
}

// readBoltMessage reads one chunked message: chunks of a 16-bit size and
// data, ended by a chunk of size 0.
func readBoltMessage(r io.Reader) ([]byte, error) {
	var msg []byte
	for {
		var size uint16
		if err := binary.Read(r, binary.BigEndian, &size); err != nil {
			return nil, err
		}
		if size == 0 {
			if len(msg) == 0 {
				continue // a NOOP keep-alive
			}
			return msg, nil
		}
		chunk := make([]byte, size)
		if _, err := io.ReadFull(r, chunk); err != nil {
			return nil, err
		}
		msg = append(msg, chunk...)
	}
}

func writeBoltMessage(w io.Writer, msg []byte) error {
	frame := binary.BigEndian.AppendUint16(nil, uint16(len(msg)))
	frame = append(append(frame, msg...), 0, 0)
	_, err := w.Write(frame)
	return err
}

func packSuccess(meta map[string]any) []byte { return packStruct(boltSuccess, meta) }

func packStruct(signature byte, field any) []byte {
	return packValue([]byte{0xb1, signature}, field)
}

// packValue appends v in PackStream, for the few small values the fake sends.
func packValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case bool:
		if v {
			return append(b, 0xc3)
		}
		return append(b, 0xc2)
	case int64: // tiny ints only
		return append(b, byte(v))
	case string: // up to 255 bytes
		if len(v) < 16 {
			b = append(b, 0x80+byte(len(v)))
		} else {
			b = append(b, 0xd0, byte(len(v)))
		}
		return append(b, v...)
	case []any: // up to 15 items
		b = append(b, 0x90+byte(len(v)))
		for _, item := range v {
			b = packValue(b, item)
		}
		return b
	case map[string]any: // up to 15 entries
		b = append(b, 0xa0+byte(len(v)))
		for k, item := range v {
			b = packValue(packValue(b, k), item)
		}
		return b
	default:
		panic(fmt.Sprintf("the fake Neo4j cannot pack %T", v))
	}
}

// unpackString reads the PackStream string at the start of b: a RUN
// message's statement.
func unpackString(b []byte) string {
	switch m := b[0]; {
	case m >= 0x80 && m <= 0x8f:
		return string(b[1 : 1+int(m-0x80)])
	case m == 0xd0:
		return string(b[2 : 2+int(b[1])])
	case m == 0xd1:
		return string(b[3 : 3+int(binary.BigEndian.Uint16(b[1:]))])
	case m == 0xd2:
		return string(b[5 : 5+int(binary.BigEndian.Uint32(b[1:]))])
	}
	panic(fmt.Sprintf("the fake Neo4j cannot unpack a string marked %#x", b[0]))
}
