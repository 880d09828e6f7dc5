package neo4j

import (
	"context"
	"testing"
)

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		"NEO4J_URI": "neo4j+s://abc.databases.neo4j.io", "NEO4J_USERNAME": "neo4j",
		"NEO4J_PASSWORD": "secret", "NEO4J_DATABASE": "hankegraph",
	}
	got := ConfigFromEnv(func(k string) string { return env[k] })
	want := Config{URI: "neo4j+s://abc.databases.neo4j.io", Username: "neo4j", Password: "secret", Database: "hankegraph"}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestOpenAcceptsEveryScheme: Open never connects, so it accepts any URI the
// driver can use, whether or not a server is there.
func TestOpenAcceptsEveryScheme(t *testing.T) {
	for _, uri := range []string{
		"bolt://localhost:7687", "bolt://localhost", "bolt+s://db.example.org:7687", "bolt+ssc://db.example.org",
		"neo4j://localhost:7687", "neo4j://core1.example.org:7687?policy=eu", "neo4j+s://abc.databases.neo4j.io", "neo4j+ssc://db.example.org",
	} {
		s, err := Open(context.Background(), Config{URI: uri, Username: "neo4j", Password: "password"})
		if err != nil {
			t.Errorf("Open(%s): %v", uri, err)
			continue
		}
		if err := s.Close(context.Background()); err != nil {
			t.Errorf("Close(%s): %v", uri, err)
		}
	}
}

func TestOpenRefusesWhatCannotWork(t *testing.T) {
	for _, uri := range []string{"", "localhost:7687", "http://localhost:7474", "bolt://localhost:7687?policy=eu", "bolt:///path"} {
		if s, err := Open(context.Background(), Config{URI: uri}); err == nil {
			s.Close(context.Background())
			t.Errorf("Open(%q) accepted it", uri)
		}
	}
}
