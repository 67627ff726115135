package web

import (
	"net/http"
)

// signInData is the sign-in page.
type signInData struct {
	Next    string
	Wrong   bool
	NoToken bool // the server has no token: nothing to sign in to
}

func (h *Handler) signInPage(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	h.render(w, r, "signin", pageData{Title: "Sign in", Data: signInData{Next: next, NoToken: h.opts.Token == ""}})
}

// signIn opens a session for the right token. A session is a random id
// in an HttpOnly, SameSite=Strict cookie: the token itself never goes
// into the browser's storage, and scripts cannot read the session.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.PostFormValue("next"))
	if h.opts.Token == "" {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	ok, throttled := h.guard.checkToken(r.PostFormValue("token"))
	switch {
	case throttled:
		h.errorPage(w, r, http.StatusTooManyRequests, "Too many wrong tokens",
			"Sign-in is paused for a minute after many wrong tokens. Wait, then try again with the server's token.")
		return
	case !ok:
		h.log.Warn("sign-in refused", "remote", r.RemoteAddr)
		h.renderStatus(w, r, http.StatusUnauthorized, "signin", pageData{Title: "Sign in", Data: signInData{Next: next, Wrong: true}})
		return
	}
	h.guard.openSession(w, r)
	setFlash(w, r, "ok", "Signed in: you can make changes.")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	h.guard.closeSession(w, r)
	setFlash(w, r, "ok", "Signed out.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
