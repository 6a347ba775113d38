import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{detect_default,sourceOf}from"./chunk-R37YQUA4.js";import"./chunk-ZZE65F47.js";import"./chunk-ZZN46VF3.js";import"./chunk-4FHC4B5Q.js";import"./chunk-CCJ7RCB5.js";import"./chunk-Y3GFC7OK.js";import"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";export{detect_default as default,sourceOf};
