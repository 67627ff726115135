package fetch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// PostJSON sends body as JSON to url (a webhook) through the same guards
// as Get: limits, timeouts and the private-address check. It returns the
// answer's status; a non-2xx status is a *StatusError too.
func (c *Client) PostJSON(ctx context.Context, url string, body []byte) (int, error) {
	lower := strings.ToLower(url)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		return 0, fmt.Errorf("%s: only http and https URLs can be posted to", url)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", url, err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", url, unwrapURLError(err))
	}
	defer resp.Body.Close()
	// Read a little of the answer so the connection can be reused.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, &StatusError{URL: url, Code: resp.StatusCode}
	}
	return resp.StatusCode, nil
}
