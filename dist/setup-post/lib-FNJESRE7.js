import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
import{Headers,HttpClient,HttpClientError,HttpClientResponse,HttpCodes,MediaTypes,getProxyUrl,isHttps}from"./chunk-33ZRZ6TJ.js";import"./chunk-6G6P6IEZ.js";export{Headers,HttpClient,HttpClientError,HttpClientResponse,HttpCodes,MediaTypes,getProxyUrl,isHttps};
