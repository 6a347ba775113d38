import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{jsonText}from"./chunk-63WVGV6D.js";import{InputError}from"./chunk-VHXP5YNI.js";import{parseArgs}from"node:util";function parseCommandArgs(command,args,options,allowPositionals=!1){try{return parseArgs({args,options,allowPositionals,strict:!0})}catch(err){throw new InputError(`${command}: ${err.message}`)}}function printJson(io,value){io.stdout(jsonText(value))}export{parseCommandArgs,printJson};
