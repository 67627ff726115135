package server

import (
	_ "embed"
	"net/http"
)

// openapiJSON is the API's OpenAPI 3 document, written by hand beside the
// routes (a test checks that it lists every route).
//
//go:embed openapi.json
var openapiJSON []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openapiJSON)
}
