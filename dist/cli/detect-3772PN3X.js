import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{detect_default,sourceOf}from"./chunk-OCIBUDSD.js";import"./chunk-RSSBIYSS.js";import"./chunk-BQVIK526.js";import"./chunk-4FHC4B5Q.js";import"./chunk-4BGYOVVQ.js";import"./chunk-U4UD5RTO.js";import"./chunk-AB5XL2IA.js";import"./chunk-E6KL2LWZ.js";import"./chunk-UB6BJFIC.js";import"./chunk-6G6P6IEZ.js";export{detect_default as default,sourceOf};
