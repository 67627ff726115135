package view

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/storywire/storywire/internal/store"
)

// A story cursor is opaque to clients: the last listed story's last seen
// time (in Unix nanoseconds, "u" when undated) and id, base64url-encoded.
// The API's "next" and the web UI's "older stories" links both carry it,
// so a page of one can be continued in the other.

// EncodeCursor is the cursor of the listing after the story k.
func EncodeCursor(k store.StoryKey) string {
	t := "u"
	if !k.LastSeen.IsZero() {
		t = strconv.FormatInt(k.LastSeen.UnixNano(), 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(t + "." + strconv.FormatInt(k.ID, 10)))
}

// DecodeCursor reads a cursor EncodeCursor made.
func DecodeCursor(c string) (store.StoryKey, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return store.StoryKey{}, err
	}
	t, id, ok := strings.Cut(string(b), ".")
	if !ok {
		return store.StoryKey{}, errors.New("no id")
	}
	var k store.StoryKey
	if k.ID, err = strconv.ParseInt(id, 10, 64); err != nil {
		return k, err
	}
	if t != "u" {
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return k, err
		}
		k.LastSeen = time.Unix(0, n).UTC()
	}
	return k, nil
}
