module example.com/plugins/pkg/headerutil

go 1.24
