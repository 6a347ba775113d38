import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{publishPlugin}from"./chunk-SRCQ7FKC.js";import"./chunk-7XLJEIXN.js";import"./chunk-RHD2GBD2.js";import"./chunk-WD6UMQOS.js";import"./chunk-WHWUOPTA.js";import"./chunk-XR5Y44FH.js";import"./chunk-FDXYWNKI.js";import"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";export{publishPlugin};
