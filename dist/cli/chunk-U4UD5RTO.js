import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{execFile}from"node:child_process";import{promisify}from"node:util";var run=promisify(execFile),GOTOOLCHAIN_OPTION="WPCI_GOTOOLCHAIN";function goToolchain(env=process.env){return env[GOTOOLCHAIN_OPTION]?.trim()||"local"}function goCommandEnv(added={},env=process.env){return{...env,...added,GOTOOLCHAIN:goToolchain(env)}}export{goToolchain,goCommandEnv};
