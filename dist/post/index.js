import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import"./chunk-6G6P6IEZ.js";var POST_STATE="wasm-plugin-ci-pending-saves";async function savedState(){let env=process.env[`STATE_${POST_STATE}`];return env!==void 0?env:(await import("./core-QZP5MHPY.js")).getState(POST_STATE)}async function run(){let saved=(await savedState()).trim();if(saved===""||saved==="[]"){process.stdout.write(`run cache: nothing new to save
`);return}let{saveRunCache}=await import("./post-save-N33O6UUD.js");await saveRunCache(saved)}await run();
