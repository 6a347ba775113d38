import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{hostPlatform,setupToolchains,toolEnvironment,userCacheDir}from"./chunk-REB2YUPE.js";import"./chunk-WHWUOPTA.js";import"./chunk-U4UD5RTO.js";import{parseCommandArgs,printJson}from"./chunk-PRSZU7NM.js";import"./chunk-FEDJIWJR.js";import"./chunk-63WVGV6D.js";import"./chunk-VHXP5YNI.js";import"./chunk-4FHC4B5Q.js";import"./chunk-6G6P6IEZ.js";import{mkdir}from"node:fs/promises";import{isAbsolute,join,resolve}from"node:path";var HELP=`usage: wasm-plugin-ci setup [--go V] [--tinygo V] [--oras V] [--wasm-opt V]
                             [--go-version-file FILE] [--mirror URL]
                             [--tinygo-sha256 HEX] [--wasm-opt-sha256 HEX]
                             [--allow-unverified-downloads] [--cache-dir DIR] [--json]

Installs checksum-verified toolchains and prints where they are.
Versions: exact (1.24.4), a Go line (1.24.x) or 'stable'; several comma-separated.
--mirror URL   a root holding go/, tinygo/, oras/, binaryen/ in the upstream layouts
--cache-dir    default: $XDG_CACHE_HOME/wasm-plugin-ci (or ~/.cache/wasm-plugin-ci)
`,setup=async(args,io)=>{let{values}=parseCommandArgs("setup",args,{go:{type:"string"},tinygo:{type:"string"},oras:{type:"string"},"wasm-opt":{type:"string"},"go-version-file":{type:"string"},mirror:{type:"string"},"tinygo-sha256":{type:"string"},"wasm-opt-sha256":{type:"string"},"allow-unverified-downloads":{type:"boolean"},"cache-dir":{type:"string"},json:{type:"boolean"},help:{type:"boolean",short:"h"}});if(values.help)return io.stdout(HELP),0;let at=p=>isAbsolute(p)?p:resolve(io.cwd,p),request={go:values.go,tinygo:values.tinygo,oras:values.oras,wasmOpt:values["wasm-opt"],goVersionFile:values["go-version-file"]?at(values["go-version-file"]):void 0,mirror:values.mirror,sha256:{tinygo:values["tinygo-sha256"],"wasm-opt":values["wasm-opt-sha256"]},allowUnverifiedDownloads:values["allow-unverified-downloads"]??!1},root=values["cache-dir"]?at(values["cache-dir"]):userCacheDir(io.env),toolCacheDir=join(root,"tools"),tempDir=join(root,"tmp");await mkdir(toolCacheDir,{recursive:!0}),await mkdir(tempDir,{recursive:!0});let result=await setupToolchains(request,{...hostPlatform(),toolCacheDir,tempDir},io.log),environment=toolEnvironment(result);if(values.json)printJson(io,{tools:result.tools,path:environment.path,env:environment.vars});else{result.tools.length||io.stderr(`setup: no tool versions requested (see --help)
`);for(let t of result.tools)io.stderr(`${t.tool} ${t.version}  ${t.dir}  (${t.source})
`);if(result.tools.length){let vars=Object.entries(environment.vars).map(([k,v])=>`${k}='${v}'`);io.stderr(`export ${[...vars,`PATH='${environment.path.join(":")}':"$PATH"`].join(" ")}
`)}}return 0},setup_default=setup;export{setup_default as default};
