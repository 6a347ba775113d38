import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{push_default}from"./chunk-6YRAOITT.js";import{credentialsFrom}from"./chunk-2BUTV2DD.js";import"./chunk-DCGXQ3RJ.js";import"./chunk-WD6UMQOS.js";import"./chunk-ZZN46VF3.js";import"./chunk-PRSZU7NM.js";import"./chunk-VVRNXN4U.js";import"./chunk-63WVGV6D.js";import"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";export{credentialsFrom,push_default as default};
