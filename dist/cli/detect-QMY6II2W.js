import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{detect_default,sourceOf}from"./chunk-NKZCCO6I.js";import"./chunk-4E7DV7EW.js";import"./chunk-VNNU7X6B.js";import"./chunk-4FHC4B5Q.js";import"./chunk-CCJ7RCB5.js";import"./chunk-Y3GFC7OK.js";import"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";export{detect_default as default,sourceOf};
