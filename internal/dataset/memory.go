package dataset

import (
	"math"
	"os"
	"runtime/debug"
)

// Loading files keeps the decoded graph and the store built from it alive
// together, some 1.6 bytes for each byte of the files (a million synthetic
// projects: 1.7 GB of file, 2.7 GB live at the most). The collector's default
// headroom lets the heap grow to twice what was live at its last collection:
// 4.3 GiB resident at a million projects. Little of the load's allocation is
// garbage, so a soft memory limit near what it keeps costs a few more
// collections and bounds the peak (3.4 GiB, in about the same time); it is
// lifted once the store is built, for serving.
//
// Before it is lifted, one collection frees the decoded graph, which the
// store no longer needs. Without it the collector would set its next goal
// from the load's peak and let the heap grow to twice that before
// collecting again: building the map's index as the server started took a
// million projects' server to 4.05 GiB resident.

// loadMemoryPerFileByte and loadMemoryFloor make the limit: room for what the
// files keep, with a quarter to spare, and for the built-in dataset and the
// runtime, so that small files never meet it.
const (
	loadMemoryPerFileByte = 2
	loadMemoryFloor       = 256 << 20
)

// LimitMemoryWhileLoading sets a soft memory limit for loading the files
// and building a store from them, unless GOMEMLIMIT set one, and returns
// what restores the limit before.
func LimitMemoryWhileLoading(files []string) (restore func()) {
	before := debug.SetMemoryLimit(-1)
	if len(files) == 0 || before != math.MaxInt64 {
		return func() {}
	}
	limit := int64(loadMemoryFloor)
	for _, f := range files {
		if info, err := os.Stat(f); err == nil {
			limit += loadMemoryPerFileByte * info.Size()
		}
	}
	debug.SetMemoryLimit(limit)
	return func() {
		debug.FreeOSMemory()
		debug.SetMemoryLimit(before)
	}
}
