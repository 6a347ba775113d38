import { createRequire as __wpciCreateRequire } from 'node:module';
const require = __wpciCreateRequire(import.meta.url);
var NO_TASK={update:()=>{},end:()=>{}};function startTask(log,name){return log.task?.(name)??NO_TASK}var LINE_START_COMMAND=/^((?:[^\S\r\n]|\u0085)*)::/gm,LEGACY_COMMAND=/##\[/g;function commandSafe(text){return text.replace(LEGACY_COMMAND,"##\\[").replace(LINE_START_COMMAND,"$1\\::")}function jsonText(value){return`${JSON.stringify(value,null,2).replace(LEGACY_COMMAND,"#\\u0023[")}
`}function located(message,where){return where?`${[where.file,where.line,where.column].filter(p=>p!==void 0).join(":")}: ${message}`:message}function streamLog(write,options={}){let safeWrite=text=>write(commandSafe(text)),board=options.tasks?.(safeWrite),out=board?text=>board.around(()=>safeWrite(text)):safeWrite,log={debug:m=>{options.verbose&&out(`debug: ${m}
`)},info:m=>out(`${m}
`),warn:(m,where)=>out(`warning: ${located(m,where)}
`),error:(m,where)=>out(`error: ${located(m,where)}
`),group:async(name,fn)=>(out(`\u2500\u2500 ${name}
`),fn())};return board&&(log.task=name=>board.task(name)),log}export{startTask,commandSafe,jsonText,streamLog};
