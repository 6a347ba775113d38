// request-id makes sure every request carries an x-request-id header,
// counting the requests that arrived without one.
package main

import (
	"fmt"

	"example.com/plugins/pkg/headerutil"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func init() { proxywasm.SetVMContext(&vmContext{}) }

func main() {}

type vmContext struct{ types.DefaultVMContext }

func (*vmContext) NewPluginContext(uint32) types.PluginContext {
	return &pluginContext{missing: proxywasm.DefineCounterMetric("request_id_missing")}
}

type pluginContext struct {
	types.DefaultPluginContext
	missing proxywasm.MetricCounter
	next    uint64
}

func (p *pluginContext) NewHttpContext(contextID uint32) types.HttpContext {
	return &httpContext{plugin: p, contextID: contextID}
}

type httpContext struct {
	types.DefaultHttpContext
	plugin    *pluginContext
	contextID uint32
}

func (h *httpContext) OnHttpRequestHeaders(int, bool) types.Action {
	name := headerutil.Canonical("X-Request-Id")
	if id, err := proxywasm.GetHttpRequestHeader(name); err == nil && id != "" {
		return types.ActionContinue
	}
	h.plugin.missing.Increment(1)
	h.plugin.next++
	if err := proxywasm.AddHttpRequestHeader(name, fmt.Sprintf("wpci-%d-%d", h.contextID, h.plugin.next)); err != nil {
		proxywasm.LogErrorf("adding %s: %v", name, err)
	}
	return types.ActionContinue
}
