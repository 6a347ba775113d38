import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{push_default}from"./chunk-FSD7B53J.js";import{credentialsFrom}from"./chunk-Q3O67IWP.js";import"./chunk-MAXLO4G7.js";import"./chunk-VNNU7X6B.js";import"./chunk-4FHC4B5Q.js";import"./chunk-Y3GFC7OK.js";import"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";export{credentialsFrom,push_default as default};
