package dataset

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// Loading files runs under a memory limit that grows with them, and the
// limit before — none, or GOMEMLIMIT's — is back once they are loaded.
func TestFilesLoadUnderAMemoryLimit(t *testing.T) {
	data := filepath.Join(t.TempDir(), "extra.jsonl")
	if err := os.WriteFile(data, make([]byte, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	restore := LimitMemoryWhileLoading([]string{data})
	if got, want := debug.SetMemoryLimit(-1), int64(loadMemoryFloor+loadMemoryPerFileByte*1000); got != want {
		t.Errorf("limit %d while loading, want %d", got, want)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit %d after loading, want none", got)
	}

	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40)) // as GOMEMLIMIT would
	LimitMemoryWhileLoading([]string{data})()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("GOMEMLIMIT's limit became %d", got)
	}
}
