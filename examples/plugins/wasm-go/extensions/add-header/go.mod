module example.com/plugins/add-header

go 1.24

require (
	example.com/plugins/pkg/headerutil v0.0.0
	github.com/proxy-wasm/proxy-wasm-go-sdk v0.0.0-20260105142703-44c7d5847745
)

replace example.com/plugins/pkg/headerutil => ../../pkg/headerutil
