package ner

import (
	"math/rand/v2"
	"testing"
)

func TestFeatureTable(t *testing.T) {
	var tab featureTable
	want := map[uint64]uint32{0: 7, zeroKey ^ 1: 8}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		want[r.Uint64()] = uint32(i)
	}
	for k, v := range want {
		tab.put(k, v)
	}
	tab.put(0, 9) // overwrite
	want[0] = 9
	if tab.len() != len(want) {
		t.Fatalf("len %d, want %d", tab.len(), len(want))
	}
	for k, v := range want {
		if got, ok := tab.get(k); !ok || got != v {
			t.Fatalf("get(%x) = %d, %v; want %d", k, got, ok, v)
		}
	}
	for range 5000 {
		k := r.Uint64()
		if _, in := want[k]; in {
			continue
		}
		if _, ok := tab.get(k); ok {
			t.Fatalf("get(%x) found a key never put", k)
		}
	}
	n := 0
	tab.each(func(uint64, uint32) { n++ })
	if n != len(want) {
		t.Fatalf("each saw %d keys, want %d", n, len(want))
	}
	var empty featureTable
	if _, ok := empty.get(5); ok {
		t.Fatal("an empty table found a key")
	}
}
