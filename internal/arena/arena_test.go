package arena

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

func TestStringsKeepTheirValuesAcrossBlocks(t *testing.T) {
	var a Strings
	want := map[int]string{}
	got := map[int]string{}
	for i := range 100000 { // some 1.9 MB: more than one block
		s := fmt.Sprintf("project:synthetic-%07d", i)
		want[i], got[i] = s, a.Copy(s)
	}
	long := strings.Repeat("x", blockSize)
	if a.Copy(long) != long || a.Copy("") != "" {
		t.Error("a long or empty string changed")
	}
	for i, s := range want {
		if got[i] != s {
			t.Fatalf("string %d is %q, want %q", i, got[i], s)
		}
	}
	// Consecutive copies share a block rather than each being allocated.
	x, y := a.Copy("abc"), a.Copy("def")
	if unsafe.StringData(y) != (*byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(x)), 3)) {
		t.Error("consecutive strings are not side by side in a block")
	}
}

func TestSlabPointersStayValid(t *testing.T) {
	var s Slab[[2]int]
	var ptrs []*[2]int
	for i := range 3*slabSize + 5 {
		ptrs = append(ptrs, s.New([2]int{i, -i}))
	}
	for i, p := range ptrs {
		if *p != [2]int{i, -i} {
			t.Fatalf("value %d is %v", i, *p)
		}
	}
	if uintptr(unsafe.Pointer(ptrs[1]))-uintptr(unsafe.Pointer(ptrs[0])) != unsafe.Sizeof([2]int{}) {
		t.Error("consecutive values are not side by side in a block")
	}
}

func TestListHoldsItsStringsInOrder(t *testing.T) {
	in := []string{"org:a", "", "project:b", "region:01", ""}
	l := NewList(len(in), func(i int) string { return in[i] })
	if l.Len() != len(in) {
		t.Fatalf("Len %d, want %d", l.Len(), len(in))
	}
	for i, want := range in {
		if got := l.At(i); got != want {
			t.Errorf("At(%d) = %q, want %q", i, got, want)
		}
	}
	if empty := NewList(0, nil); empty.Len() != 0 {
		t.Errorf("an empty list has %d strings", empty.Len())
	}
}
