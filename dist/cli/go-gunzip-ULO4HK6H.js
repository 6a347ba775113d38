import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{UNEXPECTED_EOF,goGunzip}from"./chunk-YZY6OCTC.js";import"./chunk-6G6P6IEZ.js";export{UNEXPECTED_EOF,goGunzip};
