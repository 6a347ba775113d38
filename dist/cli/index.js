#!/usr/bin/env node
import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{describeError,exitCodeOf}from"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";function located(message,where){return where?`${[where.file,where.line,where.column].filter(p=>p!==void 0).join(":")}: ${message}`:message}function streamLog(write,options={}){return{debug:m=>{options.verbose&&write(`debug: ${m}
`)},info:m=>write(`${m}
`),warn:(m,where)=>write(`warning: ${located(m,where)}
`),error:(m,where)=>write(`error: ${located(m,where)}
`),group:async(name,fn)=>(write(`\u2500\u2500 ${name}
`),fn())}}var USAGE=`usage: wasm-plugin-ci <command> [options]

commands:
  setup    install pinned, checksum-verified Go, TinyGo, ORAS (and wasm-opt)
  detect   list the plugins that changed (matrix JSON with --json)
  build    build plugins to wasm with their .buildrc flags
  smoke    load a wasm module the way the gateway does
  push     publish a plugin as an OCI artifact
  verify   check an artifact with the gateway's fetch rules
  run      setup, detect, build, smoke and publish in order

Run 'wasm-plugin-ci <command> --help' for a command's options.
Exit codes: 0 success, 1 a plugin failed, 2 bad usage or bad input.
`,commands={setup:async()=>(await import("./setup-Y72PF5S2.js")).default,detect:async()=>(await import("./detect-QMY6II2W.js")).default,build:async()=>(await import("./build-5Y5ISR6L.js")).default,smoke:async()=>(await import("./smoke-ABYYQ4H4.js")).default,push:async()=>(await import("./push-TATKQCYL.js")).default,verify:async()=>(await import("./verify-5FBXTNUS.js")).default,run:async()=>(await import("./run-YNU7PBJH.js")).default};async function runCli(argv,io){let[name,...rest]=argv;if(!name||name==="--help"||name==="-h"||name==="help")return io.stderr(USAGE),name?0:2;let load=commands[name];if(!load)return io.stderr(`error: unknown command '${name}'

${USAGE}`),2;try{return await(await load())(rest,io)}catch(err){return io.stderr(`error: ${describeError(err,io.env.RUNNER_DEBUG==="1")}
`),exitCodeOf(err)}}var stderr=text=>process.stderr.write(text),code=await runCli(process.argv.slice(2),{stdout:text=>process.stdout.write(text),stderr,log:streamLog(stderr,{verbose:process.env.RUNNER_DEBUG==="1"}),cwd:process.cwd(),env:process.env});process.exitCode=code;
