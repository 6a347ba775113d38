// `npm run bench`: runs every bench/*.ts script and prints one table of
// ratios, each measured against its own baseline in the same run. Each
// script ends its stdout with a line `BENCH {"bench":...,"rows":[...]}`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const scripts = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && f !== 'lib.ts')
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort();

const rows = [];
let broken = 0;
for (const script of scripts) {
  process.stderr.write(`── bench/${script}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${script}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  process.stderr.write(r.stdout.replace(/^BENCH .*$/m, ''));
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !line.startsWith('BENCH ')) {
    process.stderr.write(`bench/${script} failed (exit ${r.status})\n`);
    broken++;
    continue;
  }
  const result = JSON.parse(line.slice('BENCH '.length));
  for (const row of result.rows) rows.push({ bench: result.bench, ...row });
}

const fmt = (n) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));
const table = [
  '| bench | measure | value | baseline | ratio | target | met |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.bench} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} ${r.unit} | ${r.ratio.toFixed(3)} | ${r.target} | ${r.pass ? 'yes' : 'NO'} |`,
  ),
];
process.stdout.write(`${table.join('\n')}\n`);
process.exit(broken ? 1 : 0);
