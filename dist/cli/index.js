#!/usr/bin/env node
import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{commandSafe,streamLog}from"./chunk-63WVGV6D.js";import{describeError,exitCodeOf}from"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";function elapsed(ms){let s=Math.floor(ms/1e3);return s<60?`${s}s`:`${Math.floor(s/60)}m${String(s%60).padStart(2,"0")}s`}var Board=class{constructor(changed,now){this.changed=changed;this.now=now}changed;now;running=new Set;touches=0;task(name){let r={name,started:this.now(),touched:++this.touches};return this.running.add(r),this.changed(),{update:detail=>{r.detail=detail.trim(),r.detailAt=this.now(),r.touched=++this.touches,this.changed()},end:()=>{this.running.delete(r)&&this.changed()}}}list(){return[...this.running]}};function terminalTasks(columns,now=Date.now){return write=>{let shown=!1,ticker,board=new Board(()=>draw(),now),clear=()=>{shown&&write("\r\x1B[K"),shown=!1},draw=()=>{let list=board.list();if(!list.length){clear(),ticker&&clearInterval(ticker),ticker=void 0;return}ticker??=setInterval(draw,1e3).unref();let latest=list.reduce((a,b)=>b.touched>a.touched?b:a),fresh=latest.detail&&board.now()-latest.detailAt<5e3?latest.detail:"",line=`\u2026 ${list.map(r=>`${r.name} ${elapsed(board.now()-r.started)}`).join(", ")}${fresh?` \xB7 ${fresh}`:""}`,width=Math.max(20,(columns()||80)-1);line.length>width&&(line=`${line.slice(0,width-1)}\u2026`),write(`\r\x1B[K${line}`),shown=!0};return{task:name=>board.task(name),around:fn=>{let redraw=shown;clear(),fn(),redraw&&draw()}}}}function periodicTasks(everyMs,now=Date.now){return write=>{let ticker,report=()=>{for(let r of board.list()){let detail=r.detail?`; ${r.detail}`:"";write(`\u2026 ${r.name}: running for ${elapsed(board.now()-r.started)}${detail}
`)}},board=new Board(()=>{board.list().length?ticker??=setInterval(report,everyMs).unref():ticker&&(clearInterval(ticker),ticker=void 0)},now);return{task:name=>board.task(name),around:fn=>fn()}}}import{readFileSync}from"node:fs";var USAGE=`usage: wasm-plugin-ci <command> [options]

commands:
  setup    install pinned, checksum-verified Go, TinyGo, ORAS (and wasm-opt)
  detect   list the plugins that changed (matrix JSON with --json)
  build    build plugins to wasm with their .buildrc flags
  smoke    load a wasm module the way the gateway does
  push     publish a plugin as an OCI artifact
  verify   check an artifact with the gateway's fetch rules
  run      setup, detect, build, smoke and publish in order

Run 'wasm-plugin-ci <command> --help' for a command's options,
'wasm-plugin-ci --version' for the version.
Exit codes: 0 success, 1 a plugin failed, 2 bad usage or bad input.
`;function packageVersion(from=import.meta.url){for(let url=new URL("./",from);;url=new URL("../",url)){try{let pkg=JSON.parse(readFileSync(new URL("package.json",url),"utf8"));if(pkg.name==="wasm-plugin-ci"&&pkg.version)return pkg.version}catch{}if(url.pathname==="/")return"unknown"}}var commands={setup:async()=>(await import("./setup-Y5Y5VIQZ.js")).default,detect:async()=>(await import("./detect-XDRHHUPY.js")).default,build:async()=>(await import("./build-V63X6DMT.js")).default,smoke:async()=>(await import("./smoke-2WJFAYXD.js")).default,push:async()=>(await import("./push-7HJHM5UK.js")).default,verify:async()=>(await import("./verify-U2IY6NJN.js")).default,run:async()=>(await import("./run-WKQA7CCX.js")).default};async function runCli(argv,cliIO){let io={...cliIO,stdout:text=>cliIO.stdout(commandSafe(text)),stderr:text=>cliIO.stderr(commandSafe(text))},[name,...rest]=argv;if(name==="--version"||name==="-V"||name==="version")return io.stdout(`wasm-plugin-ci ${packageVersion()}
`),0;if(name==="--help"||name==="-h"||name==="help")return io.stdout(USAGE),0;if(!name)return io.stderr(USAGE),2;let load=commands[name];if(!load)return io.stderr(`error: unknown command '${name}'

${USAGE}`),2;try{return await(await load())(rest,io)}catch(err){return io.stderr(`error: ${describeError(err,io.env.RUNNER_DEBUG==="1")}
`),exitCodeOf(err)}}var stderr=text=>process.stderr.write(text),tty=process.stderr.isTTY===!0&&process.env.TERM!=="dumb",tasks=tty?terminalTasks(()=>process.stderr.columns??80):periodicTasks(3e4),code=await runCli(process.argv.slice(2),{stdout:text=>process.stdout.write(text),stderr,log:streamLog(stderr,{verbose:process.env.RUNNER_DEBUG==="1",tasks}),cwd:process.cwd(),env:process.env,...tty&&{terminal:{color:!process.env.NO_COLOR}}});process.exitCode=code;
