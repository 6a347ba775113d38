import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{nodeHttpFetch}from"./chunk-YA7YTFZ6.js";import"./chunk-6G6P6IEZ.js";export{nodeHttpFetch};
