// The tool cache's staging directories: a dead run's are swept, nobody else's.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stagingDir, toolCacheEntry } from '../../src/toolchain/tool-cache.js';

describe('tool cache staging', () => {
  it('removes staging left by a dead process of this host, and only that', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wpci-toolcache-'));
    try {
      const entry = toolCacheEntry(root, 'go', '1.26.0', 'amd64');
      // A pid that surely ended: a child that already exited.
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      const host = hostname();
      const left = [
        `x64.partial-${host}-${dead}-abc123`, // dead, this host: swept
        `x64.partial-${host}-${process.pid}-def456`, // alive: kept
        `x64.partial-another-host-${dead}-ghi789`, // another host's: kept
        `x64.partial-${host}-${dead}-${dead}-jkl012`, // host "<ours>-<n>", named like ours and more: kept
      ];
      for (const name of left) mkdirSync(join(root, 'go', '1.26.0', name), { recursive: true });
      const staged = await stagingDir(entry);
      const names = readdirSync(join(root, 'go', '1.26.0')).sort();
      expect(names).toEqual([left[1], left[2], left[3], staged.split('/').pop()].sort());
      expect(staged.split('/').pop()).toMatch(new RegExp(`^x64\\.partial-${host}-${process.pid}-`));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
