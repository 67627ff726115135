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
		tab.put(k, v, v+1)
	}
	tab.put(0, 9, 10) // overwrite
	want[0] = 9
	if tab.len() != len(want) {
		t.Fatalf("len %d, want %d", tab.len(), len(want))
	}
	for k, v := range want {
		if lo, hi, ok := tab.get(k); !ok || lo != v || hi != v+1 {
			t.Fatalf("get(%x) = %d, %d, %v; want %d, %d", k, lo, hi, ok, v, v+1)
		}
	}
	for range 5000 {
		k := r.Uint64()
		if _, in := want[k]; in {
			continue
		}
		if _, _, ok := tab.get(k); ok {
			t.Fatalf("get(%x) found a key never put", k)
		}
	}
	n := 0
	tab.each(func(uint64, uint32, uint32) { n++ })
	if n != len(want) {
		t.Fatalf("each saw %d keys, want %d", n, len(want))
	}
	var empty featureTable
	if _, _, ok := empty.get(5); ok {
		t.Fatal("an empty table found a key")
	}
}
