import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{push_default}from"./chunk-PEE5UO7T.js";import{credentialsFrom}from"./chunk-2BUTV2DD.js";import"./chunk-IYKU3LSH.js";import"./chunk-WD6UMQOS.js";import"./chunk-PRSZU7NM.js";import"./chunk-FEDJIWJR.js";import"./chunk-63WVGV6D.js";import"./chunk-XR5Y44FH.js";import"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";export{credentialsFrom,push_default as default};
