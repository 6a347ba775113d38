import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{detect_default,sourceOf}from"./chunk-BBYOZOK4.js";import"./chunk-OT7JXMW6.js";import"./chunk-U4UD5RTO.js";import"./chunk-PRSZU7NM.js";import"./chunk-FEDJIWJR.js";import"./chunk-63WVGV6D.js";import"./chunk-FB77ITJQ.js";import"./chunk-XR5Y44FH.js";import"./chunk-VHXP5YNI.js";import"./chunk-4FHC4B5Q.js";import"./chunk-6G6P6IEZ.js";export{detect_default as default,sourceOf};
