import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import"./chunk-6G6P6IEZ.js";var POST_STATE="wasm-plugin-ci-pending-saves";async function post(){let saved=process.env[`STATE_${POST_STATE}`]??"";if(saved.trim()===""||saved.trim()==="[]"){process.stdout.write(`run cache: nothing new to save
`);return}let{saveRunCache}=await import("./post-save-LL4WIYLS.js");await saveRunCache(saved)}async function run(){await post()}await run();
