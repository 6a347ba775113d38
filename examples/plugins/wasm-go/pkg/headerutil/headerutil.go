// Package headerutil is shared by the example plugins: a change here makes
// `wasm-plugin-ci detect` select every plugin that imports it.
package headerutil

import "strings"

// Canonical lower-cases a header name the way Envoy stores it.
func Canonical(name string) string { return strings.ToLower(strings.TrimSpace(name)) }
