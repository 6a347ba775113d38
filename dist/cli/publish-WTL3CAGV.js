import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{publishPlugin}from"./chunk-WM7ROOVU.js";import"./chunk-35FXRSW4.js";import"./chunk-KQPAJWD4.js";import"./chunk-WD6UMQOS.js";import"./chunk-WHWUOPTA.js";import"./chunk-ZZN46VF3.js";import"./chunk-FDXYWNKI.js";import"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";export{publishPlugin};
