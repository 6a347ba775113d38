// jest's default order (failed first, then slowest first), except that
// test/reliability/reliability-doc.test.ts runs last: it compares
// docs/reliability.md with the rows the other test files keep as they end.
// In band (one worker, jest's choice on 2 cores) every other file has ended
// by then; with several workers the doc test skips the families whose files
// have no kept run yet.
const Sequencer = require('@jest/test-sequencer').default;

const LAST = /[/\\]test[/\\]reliability[/\\]reliability-doc\.test\.ts$/;

class ReliabilityDocLast extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [
      ...sorted.filter((t) => !LAST.test(t.path)),
      ...sorted.filter((t) => LAST.test(t.path)),
    ];
  }
}

module.exports = ReliabilityDocLast;
