package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// contentSecurityPolicy allows the page's own files and nothing else: no
// inline script or style (an injected tag or attribute cannot run), no
// plugins, no <base>, no framing, forms posting only here.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// setSecurityHeaders sets what every UI response carries.
func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

// Cookie names.
const (
	csrfCookie    = "sw_csrf"    // the double-submit value forms are signed against
	sessionCookie = "sw_session" // a signed-in session
	flashCookie   = "sw_flash"   // a message for the next page (what a form did)
)

// Limits of the guard.
const (
	sessionTTL  = 7 * 24 * time.Hour
	maxSessions = 10_000
	// maxSignInFailures a minute, then sign-in refuses until the minute
	// is over: a token cannot be guessed at speed.
	maxSignInFailures = 20
)

// guard holds the UI's secrets: the per-process key that signs form
// tokens, the token's digest, and the sessions opened by signing in.
type guard struct {
	secret   []byte
	hasToken bool
	tokenSum [sha256.Size]byte
	cop      *http.CrossOriginProtection

	mu       sync.Mutex
	sessions map[[sha256.Size]byte]time.Time // session id's digest -> expiry
	failures []time.Time                     // failed sign-ins of the last minute
}

func newGuard(secret []byte, token string) *guard {
	g := &guard{secret: secret, cop: http.NewCrossOriginProtection(), sessions: map[[sha256.Size]byte]time.Time{}}
	if token != "" {
		g.hasToken, g.tokenSum = true, tokenSum(token)
	}
	return g
}

// formToken returns the token the request's forms carry, setting the
// double-submit cookie it is derived from when the browser has none.
func (g *guard) formToken(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) < 16 {
		v := randomString()
		http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(r)})
		// The form rendered now must match the cookie set now.
		r.AddCookie(&http.Cookie{Name: csrfCookie, Value: v})
		return g.sign(v)
	}
	return g.sign(c.Value)
}

// sign is the form token for a cookie value: an HMAC under the process's
// secret, so a token cannot be made without the server, nor used with
// another browser's cookie.
func (g *guard) sign(v string) string {
	m := hmac.New(sha256.New, g.secret)
	m.Write([]byte("csrf\x00" + v))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Why a form was refused.
var (
	errCrossOrigin = errors.New("the form was sent from another site")
	errNoFormToken = errors.New("the form carries no token")
	errFormToken   = errors.New("the form's token does not match this browser's")
)

// checkForm refuses a state-changing request the browser marks as
// cross-origin, or whose form token does not match its cookie.
func (g *guard) checkForm(r *http.Request) error {
	if err := g.cop.Check(r); err != nil {
		return errCrossOrigin
	}
	got := r.PostFormValue("csrf")
	if got == "" {
		return errNoFormToken
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" {
		return errFormToken
	}
	if !hmac.Equal([]byte(got), []byte(g.sign(c.Value))) {
		return errFormToken
	}
	return nil
}

// signedIn says whether the request carries a live session.
func (g *guard) signedIn(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return false
	}
	sum := sha256.Sum256([]byte(c.Value))
	g.mu.Lock()
	defer g.mu.Unlock()
	exp, ok := g.sessions[sum]
	if !ok {
		return false
	}
	if time.Now().After(exp) {
		delete(g.sessions, sum)
		return false
	}
	return true
}

// checkToken compares a token given at sign-in with the server's, in
// constant time; false when the server has none or sign-in is throttled.
func (g *guard) checkToken(token string) (ok, throttled bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	recent := g.failures[:0]
	for _, t := range g.failures {
		if now.Sub(t) < time.Minute {
			recent = append(recent, t)
		}
	}
	g.failures = recent
	if len(g.failures) >= maxSignInFailures {
		return false, true
	}
	sum := tokenSum(strings.TrimSpace(token))
	if !g.hasToken || subtle.ConstantTimeCompare(sum[:], g.tokenSum[:]) != 1 {
		g.failures = append(g.failures, now)
		return false, false
	}
	return true, false
}

// openSession starts a session and sets its cookie. The cookie holds a
// random id, never the token; the server keeps only the id's digest.
func (g *guard) openSession(w http.ResponseWriter, r *http.Request) {
	id := randomString()
	sum := sha256.Sum256([]byte(id))
	now := time.Now()
	g.mu.Lock()
	if len(g.sessions) >= maxSessions {
		for k, exp := range g.sessions {
			if now.After(exp) {
				delete(g.sessions, k)
			}
		}
		for k := range g.sessions { // still full: an arbitrary one goes
			if len(g.sessions) < maxSessions {
				break
			}
			delete(g.sessions, k)
		}
	}
	g.sessions[sum] = now.Add(sessionTTL)
	g.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(r)})
}

// closeSession ends the request's session, if any, and clears its cookie.
func (g *guard) closeSession(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		sum := sha256.Sum256([]byte(c.Value))
		g.mu.Lock()
		delete(g.sessions, sum)
		g.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

// secure says whether the browser reached the server over HTTPS: itself,
// or a proxy in front that says so. Cookies are then marked Secure (a
// client lying about it only makes its own cookies stricter).
func secure(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// randomString is 32 random bytes, base64url-encoded.
func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail (it panics if it cannot read)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Body limits of the forms.
const (
	maxFormBody = 64 << 10
	maxOPMLBody = 4 << 20
)

// form checks a form that changes something before its handler runs:
// the browser's cross-origin signals and the form token (403 when they
// fail), the body's size, and a session when the server has a token.
func (h *Handler) form(acc access, f http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxFormBody)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			limit = maxOPMLBody + maxFormBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		var err error
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			err = r.ParseMultipartForm(limit)
		} else {
			err = r.ParseForm()
		}
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				h.errorPage(w, r, http.StatusRequestEntityTooLarge, "That is too much to send",
					"The form's content is above the server's limit. Send a smaller file.")
				return
			}
			h.errorPage(w, r, http.StatusBadRequest, "The form could not be read", "Go back, reload the page and send the form again.")
			return
		}
		if err := h.guard.checkForm(r); err != nil {
			h.log.Warn("form refused", "path", r.URL.Path, "reason", err.Error())
			msg := "This server accepts changes only from its own pages, and this request did not come from one (" + err.Error() + "). " +
				"If you did send it from Storywire, go back, reload the page and try again."
			h.errorPage(w, r, http.StatusForbidden, "Refused: the form could not be verified", msg)
			return
		}
		if h.needsSession(acc) && !h.guard.signedIn(r) {
			h.errorPage(w, r, http.StatusUnauthorized, "Sign in to make changes",
				"This server needs its token for changes. Sign in, then send the form again.")
			return
		}
		f(w, r)
	})
}

// setFlash leaves a message for the next page the browser shows: what a
// form did, after its redirect.
func setFlash(w http.ResponseWriter, r *http.Request, kind, msg string) {
	if len(msg) > 1500 {
		msg = msg[:1500] + "…"
	}
	v := base64.RawURLEncoding.EncodeToString([]byte(kind + "\x00" + msg))
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: v, Path: "/", MaxAge: 120, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure(r)})
}

// flash reads and clears the message left for this page; kind is "ok"
// or "error".
func takeFlash(w http.ResponseWriter, r *http.Request) (kind, msg string) {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return "", ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return "", ""
	}
	kind, msg, ok := strings.Cut(string(b), "\x00")
	if !ok || (kind != "ok" && kind != "error") {
		return "", ""
	}
	return kind, msg
}

// localPath returns next when it is a path on this site, else "/": a
// sign-in never sends the browser elsewhere.
func localPath(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}
