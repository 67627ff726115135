package migration

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestRead(t *testing.T) {
	fsys := fstest.MapFS{
		"m/0010_late.sql":    {Data: []byte("C")},
		"m/0002_second.sql":  {Data: []byte("B")},
		"m/0001_first.sql":   {Data: []byte("A")},
		"bad/x_nonumber.sql": {Data: []byte("")},
		"dup/0001_a.sql":     {Data: []byte("")},
		"dup/0001_b.sql":     {Data: []byte("")},
	}
	got, err := Read(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, m := range got {
		order = append(order, m.Name+"="+m.SQL)
	}
	if want := "0001_first.sql=A 0002_second.sql=B 0010_late.sql=C"; strings.Join(order, " ") != want {
		t.Errorf("read %v, want %s", order, want)
	}
	for dir, frag := range map[string]string{"bad": "must start with its number", "dup": "share the number 1", "none": "migrations:"} {
		if _, err := Read(fsys, dir); err == nil || !strings.Contains(err.Error(), frag) {
			t.Errorf("%s: error %v, want one saying %q", dir, err, frag)
		}
	}
}
