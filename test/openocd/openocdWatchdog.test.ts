// The Node watchdog that guards OpenOCD's life, tested with small Node programs in OpenOCD's place:
// pid and exit relaying, streams, arguments, start failures, and no orphan when its parent is killed.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { OpenocdExitedError } from '../../src/common';
import { spawnWatched, watchdogEnv, WATCHDOG_KILL_AFTER_MS } from '../../src/openocd';
import { isAlive, waitGone } from '../helpers/processes';

const POSIX = process.platform !== 'win32';

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** Runs `source` as a Node program under the watchdog. */
function watchNode(source: string, ...args: string[]) {
  return spawnWatched(process.execPath, ['-e', source, ...args]);
}

describe('openocdWatchdog', () => {
  it("reports the program's own pid, streams its output, and relays its exit code", async () => {
    const watched = await watchNode("process.stdout.write(String(process.pid)); process.stderr.write('on stderr'); process.exitCode = 7");
    const [out, err, exit] = await Promise.all([readAll(watched.stdout), readAll(watched.stderr), watched.exited]);
    assert.equal(out, String(watched.pid));
    assert.equal(err, 'on stderr');
    assert.deepEqual(exit, { exitCode: 7, signal: null });
  });

  it('relays the signal that killed the program', { skip: !POSIX && 'POSIX signals' }, async () => {
    for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
      const watched = await watchNode("console.log('up'); setInterval(() => undefined, 60_000)");
      await readline.createInterface({ input: watched.stdout })[Symbol.asyncIterator]().next();
      process.kill(watched.pid, signal);
      assert.deepEqual(await watched.exited, { exitCode: null, signal });
    }
  });

  it('passes every argument to the program intact: options, spaces, backslashes, quotes, empty', async () => {
    const args = ['-c', 'tcl_port 6666', '--version', '-e', 'C:\\Program Files\\x.cfg', '', '"quoted"'];
    // The program is Node too: its own `--` keeps them from its option parser as well.
    const watched = await watchNode('process.stdout.write(JSON.stringify(process.argv.slice(1)))', '--', ...args);
    assert.deepEqual(JSON.parse(await readAll(watched.stdout)), args);
    assert.deepEqual(await watched.exited, { exitCode: 0, signal: null });
  });

  it('rejects with the reason when the program cannot be started', async () => {
    await assert.rejects(spawnWatched(path.join(os.tmpdir(), 'no-such-dir', 'openocd'), []), (error: unknown) => {
      assert.ok(error instanceof OpenocdExitedError);
      assert.match(error.message, /could not start .*no-such-dir.*ENOENT/);
      return true;
    });
  });

  it('runs under Electron as Node and keeps a parent loader out of the watchdog', () => {
    const env = watchdogEnv({ PATH: '/bin', NODE_OPTIONS: '--import tsx', OTHER: 'kept' });
    assert.deepEqual(env, { PATH: '/bin', OTHER: 'kept', ELECTRON_RUN_AS_NODE: '1' });
  });

  it('stops the program, instead of orphaning it, when the watchdog itself is signalled', { skip: !POSIX && 'POSIX signals' }, async () => {
    const watched = await watchNode('setInterval(() => undefined, 60_000)');
    const watchdogPid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(watched.pid)], { encoding: 'utf8' }).trim());
    assert.notEqual(watchdogPid, process.pid);
    process.kill(watchdogPid, 'SIGTERM');
    assert.deepEqual(await watched.exited, { exitCode: null, signal: 'SIGTERM' });
    assert.equal(isAlive(watchdogPid), false);
  });

  it('kills the program when its Node parent is SIGKILLed, with SIGKILL after a SIGTERM it ignores', { skip: !POSIX && 'POSIX signals' }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdog-'));
    const received = path.join(dir, 'signals.txt');
    try {
      const parent = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'watchedProgramParent.ts'), received], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const parentExited = new Promise((resolve) => parent.once('exit', resolve));
      const first = await readline.createInterface({ input: parent.stdout })[Symbol.asyncIterator]().next();
      const { pid } = JSON.parse(first.value as string) as { pid: number };
      assert.ok(isAlive(pid), 'the program runs while its parent lives');
      parent.kill('SIGKILL');
      await parentExited;
      assert.ok(await waitGone(pid, WATCHDOG_KILL_AFTER_MS + 10_000), `program pid ${pid} outlived its parent`);
      assert.equal(fs.readFileSync(received, 'utf8'), 'SIGTERM\n', 'the watchdog asked politely first');
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
