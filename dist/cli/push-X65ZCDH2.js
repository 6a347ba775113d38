import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{push_default}from"./chunk-SMURNDRC.js";import{credentialsFrom}from"./chunk-32TYM67K.js";import"./chunk-WHWUOPTA.js";import"./chunk-RSSBIYSS.js";import"./chunk-BQVIK526.js";import"./chunk-4FHC4B5Q.js";import"./chunk-AB5XL2IA.js";import"./chunk-E6KL2LWZ.js";import"./chunk-UB6BJFIC.js";import"./chunk-6G6P6IEZ.js";export{credentialsFrom,push_default as default};
