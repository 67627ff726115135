package fetch

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// --timeout governs the whole request, the wait for the response headers
// included: a fixed 20 s header limit gave up on a slow server that
// --timeout 60s allowed.
func TestTimeoutGovernsHeaderWait(t *testing.T) {
	for _, d := range []time.Duration{5 * time.Second, 60 * time.Second, 10 * time.Minute} {
		tr := New(Options{Timeout: d}).http.Transport.(*http.Transport)
		if tr.ResponseHeaderTimeout != 0 && tr.ResponseHeaderTimeout < d {
			t.Errorf("Timeout %s: the wait for headers stops after %s", d, tr.ResponseHeaderTimeout)
		}
	}
}

func TestPrivateAddressMessage(t *testing.T) {
	_, err := New(Options{Timeout: 2 * time.Second}).Get(context.Background(), Request{URL: "http://0.0.0.0:1/"})
	if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), "0.0.0.0 is an unspecified address") {
		t.Errorf("err = %v", err)
	}
}
