import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
var InputError=class extends Error{exitCode=2;constructor(message,options){super(message,options),this.name="InputError"}},PluginFailure=class extends Error{exitCode=1;constructor(message,options){super(message,options),this.name="PluginFailure"}};function describeError(err,debug=!1){return err instanceof Error?debug&&!(err instanceof InputError||err instanceof PluginFailure)&&err.stack?err.stack:err.message:String(err)}export{InputError,PluginFailure,describeError};
