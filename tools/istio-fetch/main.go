// Command istio-fetch is the test oracle for `wasm-plugin-ci verify`: it
// fetches Wasm modules from OCI references with Istio's own fetcher
// (istio.io/istio/pkg/wasm), called the way istio-agent calls it, and prints
// what the agent would hand Envoy.
//
// It reads one reference per line on stdin (or takes them as arguments) and
// writes one JSON line per reference on stdout, in order:
//
//	{"ref":"127.0.0.1:5000/a:1","ok":true,"sha256":"…","size":123,"manifestDigest":"…"}
//	{"ref":"127.0.0.1:5000/b:1","ok":false,"error":"could not fetch Wasm binary: …"}
//
// "sha256" is the sha256 of the file the agent writes and points Envoy at;
// "manifestDigest" is the digest Istio names that file after. Istio's own log
// goes to stderr, at error level unless -v is given.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"istio.io/istio/pkg/log"
	"istio.io/istio/pkg/util/sets"
	"istio.io/istio/pkg/wasm"
)

// istiod always gives the agent a 30 s fetch timeout (buildDataSource in
// pilot/pkg/model/extensions.go); the agent passes it on as RequestTimeout.
const requestTimeout = 30 * time.Second

type result struct {
	Ref            string `json:"ref"`
	OK             bool   `json:"ok"`
	SHA256         string `json:"sha256,omitempty"`
	Size           int    `json:"size,omitempty"`
	ManifestDigest string `json:"manifestDigest,omitempty"`
	Error          string `json:"error,omitempty"`
}

// agentOptions are the cache options istio-agent builds from its environment
// (pilot/cmd/pilot-agent/options/agent.go): only the insecure registries are
// set there by default; zero values take pkg/wasm's defaults.
func agentOptions() wasm.Options {
	var insecure []string
	if v := os.Getenv("WASM_INSECURE_REGISTRIES"); v != "" {
		insecure = strings.Split(v, ",")
	}
	return wasm.Options{InsecureRegistries: sets.New(insecure...)}
}

// fetch runs one reference through a fresh LocalFileCache, so that no
// earlier reference's cached module can answer for it.
func fetch(ref string) result {
	out := result{Ref: ref}
	dir, err := os.MkdirTemp("", "istio-fetch-")
	if err != nil {
		out.Error = err.Error()
		return out
	}
	defer os.RemoveAll(dir)
	cache := wasm.NewLocalFileCache(dir, agentOptions())
	defer cache.Cleanup()
	path, err := cache.Get("oci://"+ref, wasm.GetOptions{
		ResourceName:   "wasm-plugin-ci/oracle",
		RequestTimeout: requestTimeout,
	})
	if err != nil {
		out.Error = err.Error()
		return out
	}
	module, err := os.ReadFile(path)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	sum := sha256.Sum256(module)
	out.OK = true
	out.SHA256 = hex.EncodeToString(sum[:])
	out.Size = len(module)
	out.ManifestDigest = "sha256:" + strings.TrimSuffix(filepath.Base(path), ".wasm")
	return out
}

func main() {
	verbose := flag.Bool("v", false, "show Istio's own log (info level) on stderr")
	flag.Parse()
	logOptions := log.DefaultOptions()
	logOptions.OutputPaths = []string{"stderr"}
	if !*verbose {
		logOptions.SetDefaultOutputLevel(log.DefaultScopeName, log.ErrorLevel)
		logOptions.SetDefaultOutputLevel("wasm", log.ErrorLevel)
	}
	if err := log.Configure(logOptions); err != nil {
		fmt.Fprintln(os.Stderr, "istio-fetch:", err)
		os.Exit(2)
	}

	encoder := json.NewEncoder(os.Stdout)
	emit := func(ref string) {
		if err := encoder.Encode(fetch(ref)); err != nil {
			fmt.Fprintln(os.Stderr, "istio-fetch:", err)
			os.Exit(2)
		}
	}
	if flag.NArg() > 0 {
		for _, ref := range flag.Args() {
			emit(ref)
		}
		return
	}
	lines := bufio.NewScanner(os.Stdin)
	for lines.Scan() {
		if ref := strings.TrimSpace(lines.Text()); ref != "" {
			emit(ref)
		}
	}
	if err := lines.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "istio-fetch:", err)
		os.Exit(2)
	}
}
