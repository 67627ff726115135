package langid

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
)

// linguaFiles are the n-gram tables of one language in lingua-go's
// language-models/<code>/ directory, by n-gram length.
var linguaFiles = []string{"unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"}

// readLingua reads the n-gram tables of one language from lingua-go's
// language-models directory: tables[n-1] maps each n-gram of n letters to
// the probability of its last letter after the ones before it (the
// relative frequency of a single letter for n = 1), as lingua counted them
// in its training text. Tables lingua does not have for the language (it
// keeps only single letters for languages with a script of their own) are
// nil.
func readLingua(dir, code string) ([]map[string]float64, error) {
	var tables []map[string]float64
	for n, name := range linguaFiles {
		path := filepath.Join(dir, code, name+".pb.bin.zip")
		t, err := readLinguaFile(path)
		if errors.Is(err, os.ErrNotExist) {
			if n == 0 {
				return nil, fmt.Errorf("langid: no lingua model for %q in %s", code, dir)
			}
			break
		}
		if err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, nil
}

// readLinguaFile reads one zipped table. Inside the zip is a protocol
// buffer message: field 4 repeated, each an n-gram set of field 1 (double,
// the probability) and field 2 (repeated string, the n-grams sharing it);
// the other fields (language, length, count) are not needed.
func readLinguaFile(path string) (map[string]float64, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	if len(zr.File) != 1 {
		return nil, fmt.Errorf("langid: %s: want one file in the zip, found %d", path, len(zr.File))
	}
	f, err := zr.File[0].Open()
	if err != nil {
		return nil, fmt.Errorf("langid: %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("langid: %s: %w", path, err)
	}
	table := map[string]float64{}
	err = protoFields(data, func(field int, value []byte) error {
		if field != 4 {
			return nil
		}
		var p float64
		var grams []string
		err := protoFields(value, func(field int, value []byte) error {
			switch field {
			case 1:
				if len(value) != 8 {
					return errors.New("probability is not a double")
				}
				p = math.Float64frombits(binary.LittleEndian.Uint64(value))
			case 2:
				grams = append(grams, string(value))
			}
			return nil
		})
		for _, g := range grams {
			table[g] = p
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("langid: %s: %w", path, err)
	}
	return table, nil
}

// protoFields calls f with each field of a protocol buffer message: the
// field number and, for length-delimited and fixed-width fields, the raw
// bytes (varints are skipped: the tables need none of them).
func protoFields(b []byte, f func(field int, value []byte) error) error {
	for len(b) > 0 {
		tag, n := binary.Uvarint(b)
		if n <= 0 {
			return errors.New("bad field tag")
		}
		b = b[n:]
		field, wire := int(tag>>3), tag&7
		var value []byte
		switch wire {
		case 0: // varint
			_, n := binary.Uvarint(b)
			if n <= 0 {
				return errors.New("bad varint")
			}
			b = b[n:]
			continue
		case 1: // 64-bit
			if len(b) < 8 {
				return errors.New("short 64-bit field")
			}
			value, b = b[:8], b[8:]
		case 2: // length-delimited
			l, n := binary.Uvarint(b)
			if n <= 0 || uint64(len(b)-n) < l {
				return errors.New("bad length")
			}
			value, b = b[n:n+int(l)], b[n+int(l):]
		case 5: // 32-bit
			if len(b) < 4 {
				return errors.New("short 32-bit field")
			}
			value, b = b[:4], b[4:]
		default:
			return fmt.Errorf("unknown wire type %d", wire)
		}
		if err := f(field, value); err != nil {
			return err
		}
	}
	return nil
}
