package dataset

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

// Loading files runs under a memory limit that grows with them, and the
// limit before — none, or GOMEMLIMIT's — is back once they are loaded.
func TestFilesLoadUnderAMemoryLimit(t *testing.T) {
	data := thousandByteFile(t)
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

// What loading leaves behind is collected as the limit is lifted, so that
// the collector's next goal is set by what the store keeps, not by the
// load's peak.
func TestTheLoadsGarbageIsCollectedAsTheLimitIsLifted(t *testing.T) {
	data := thousandByteFile(t)
	restore := LimitMemoryWhileLoading([]string{data})
	decoded := make([]byte, 64<<20) // a decoded graph, live at the load's last collection
	runtime.GC()
	runtime.KeepAlive(decoded)
	if goal := heapGoal(); goal < 64<<20 {
		t.Fatalf("the heap's goal is %d with the decoded graph live", goal)
	}
	restore()
	if goal := heapGoal(); goal > 32<<20 {
		t.Errorf("the heap's goal is %d MiB after loading, still set by the load's peak", goal>>20)
	}
}

// thousandByteFile is a file of 1 000 bytes, for the limit to grow with.
func thousandByteFile(t *testing.T) string {
	data := filepath.Join(t.TempDir(), "extra.jsonl")
	if err := os.WriteFile(data, make([]byte, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

func heapGoal() uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}
