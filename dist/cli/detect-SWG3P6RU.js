import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{detect_default,sourceOf}from"./chunk-2UWEEAET.js";import"./chunk-RSWI2TNG.js";import"./chunk-U4UD5RTO.js";import"./chunk-PRSZU7NM.js";import"./chunk-OEYWZO3L.js";import"./chunk-63WVGV6D.js";import"./chunk-FB77ITJQ.js";import"./chunk-XR5Y44FH.js";import"./chunk-VHXP5YNI.js";import"./chunk-4FHC4B5Q.js";import"./chunk-6G6P6IEZ.js";export{detect_default as default,sourceOf};
