import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthorityStack } from './support/authority-stack';

/** The processes (pids) whose environment holds `variable` (Linux /proc; own processes only). */
function processesWith(variable: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(variable);
      } catch {
        return false; // ended meanwhile, or another user's
      }
    })
    .map(Number);
}

describe('the test stack itself', () => {
  const marker = `GBA_TEST_RUN=${randomBytes(6).toString('hex')}`;
  afterAll(() => {
    for (const pid of processesWith(marker)) process.kill(pid, 'SIGKILL');
  });

  it('stops the services it started when another fails to start, and rethrows its failure', async () => {
    const [name, value] = marker.split('=') as [string, string];
    await expect(
      AuthorityStack.start({
        [name]: value,
        NODE_OPTIONS: `--require ${join(__dirname, 'support/fail-start.cjs')}`,
        GBA_TEST_FAIL_START: 'macau-customs',
      }),
    ).rejects.toThrow(/MO exited during start-up:[\s\S]*start-up failure injected by the test/);
    // GZ and HK started (their migrations and start-up ran with the same marker) and are gone again.
    expect(processesWith(marker)).toEqual([]);
  });
});
