import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{publishPlugin}from"./chunk-VPYLI7A3.js";import"./chunk-IYKU3LSH.js";import"./chunk-7XLJEIXN.js";import"./chunk-WD6UMQOS.js";import"./chunk-WHWUOPTA.js";import"./chunk-FEDJIWJR.js";import"./chunk-XR5Y44FH.js";import"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";export{publishPlugin};
