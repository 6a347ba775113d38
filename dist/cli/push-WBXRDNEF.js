import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{push_default}from"./chunk-NBJFLEOW.js";import{credentialsFrom}from"./chunk-5CPV7233.js";import"./chunk-Z6BU33VX.js";import"./chunk-ZZE65F47.js";import"./chunk-ZZN46VF3.js";import"./chunk-4FHC4B5Q.js";import"./chunk-Y3GFC7OK.js";import"./chunk-VHXP5YNI.js";import"./chunk-6G6P6IEZ.js";export{credentialsFrom,push_default as default};
