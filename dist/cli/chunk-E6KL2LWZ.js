import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{InputError,jsonText}from"./chunk-UB6BJFIC.js";import{parseArgs}from"node:util";function parseCommandArgs(command,args,options,allowPositionals=!1){try{return parseArgs({args,options,allowPositionals,strict:!0})}catch(err){throw new InputError(`${command}: ${err.message}`)}}function printJson(io,value){io.stdout(jsonText(value))}export{parseCommandArgs,printJson};
