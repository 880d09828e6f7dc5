// Package faultnet gives tests addresses on 127.0.0.1 that fail the ways an
// unreachable database server does, so that outages are tested without one:
// a port where connections are refused, and a server that accepts them and
// never answers.
package faultnet

import (
	"net"
	"sync"
	"testing"
)

// ClosedPort is an address where nothing listens: connections are refused.
func ClosedPort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// SilentServer is an address that accepts connections and never answers: a
// hung server, or a firewall that swallows packets after the handshake. It
// closes when the test ends.
func SilentServer(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}
