// add-header adds the configured header to every request.
package main

import (
	"encoding/json"

	"example.com/plugins/pkg/headerutil"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func init() { proxywasm.SetVMContext(&vmContext{}) }

func main() {}

type vmContext struct{ types.DefaultVMContext }

func (*vmContext) NewPluginContext(uint32) types.PluginContext { return &pluginContext{} }

type pluginContext struct {
	types.DefaultPluginContext
	name, value string
}

func (p *pluginContext) OnPluginStart(int) types.OnPluginStartStatus {
	data, err := proxywasm.GetPluginConfiguration()
	if err != nil && err != types.ErrorStatusNotFound {
		proxywasm.LogCriticalf("reading configuration: %v", err)
		return types.OnPluginStartStatusFailed
	}
	cfg := struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}{Name: "x-example", Value: "added"}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &cfg); err != nil {
			proxywasm.LogCriticalf("bad configuration: %v", err)
			return types.OnPluginStartStatusFailed
		}
	}
	p.name, p.value = headerutil.Canonical(cfg.Name), cfg.Value
	return types.OnPluginStartStatusOK
}

func (p *pluginContext) NewHttpContext(uint32) types.HttpContext {
	return &httpContext{name: p.name, value: p.value}
}

type httpContext struct {
	types.DefaultHttpContext
	name, value string
}

func (h *httpContext) OnHttpRequestHeaders(int, bool) types.Action {
	if err := proxywasm.AddHttpRequestHeader(h.name, h.value); err != nil {
		proxywasm.LogErrorf("adding %s: %v", h.name, err)
	}
	return types.ActionContinue
}
