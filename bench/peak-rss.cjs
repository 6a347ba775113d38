// Preloaded (node --require) into the action's process by bench/compare.ts:
// at exit, writes the process's peak resident set (ru_maxrss, KiB; worker
// threads included, child processes not) to WPCI_PEAK_RSS_FILE.
const { writeFileSync } = require('node:fs');

const file = process.env.WPCI_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
