// Real OpenOCD 0.12 (/usr/bin/openocd) with `adapter driver dummy`, started by OpenocdProcess:
// the client, quoting, batch and capture against Jim Tcl, and the process manager's failure modes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { OpenocdExitedError, TclCommandError, TclConnectionError } from '../../src/common';
import { OpenocdCommands, OpenocdProcess, TclClient, TclNotifications, tclQuote } from '../../src/openocd';
import { NASTY_STRINGS } from './nastyStrings';
import { isAlive, waitGone } from '../helpers/processes';

const DUMMY = ['adapter driver dummy'];

describe('TclClient with real OpenOCD', () => {
  let ocd: OpenocdProcess;
  let client: TclClient;
  before(async () => {
    ocd = await OpenocdProcess.start({ commands: DUMMY });
    client = new TclClient({ port: ocd.tclPort });
    await client.connect();
  });
  after(async () => {
    await client.disconnect();
    await ocd.stop();
  });

  it('answers version', async () => {
    const result = await client.cmd('version');
    assert.equal(result.retcode, 0);
    assert.match(result.out, /^Open On-Chip Debugger 0\.12\.\d/);
  });

  it('turns a failing command into TclCommandError with OpenOCD message', async () => {
    await assert.rejects(client.cmd('no_such_command 1'), (error: unknown) => {
      assert.ok(error instanceof TclCommandError);
      assert.equal(error.result.retcode, 1);
      assert.equal(error.output, 'invalid command name "no_such_command"');
      return true;
    });
  });

  it("names OpenOCD's negative error codes, and with logOnError gives the message it logged", async () => {
    const bare = await client.cmd('sleep notanumber', { throw: false });
    assert.deepEqual([bare.retcode, bare.out], [-603, 'OpenOCD error -603 (ERROR_COMMAND_ARGUMENT_INVALID)']);
    const logged = await client.cmd('sleep notanumber', { throw: false, logOnError: true });
    assert.equal(logged.out, 'Invalid command argument\nOpenOCD error -603 (ERROR_COMMAND_ARGUMENT_INVALID)');
    await assert.rejects(client.cmd('jtag newtap', { logOnError: true }), /must be used before 'init'/);
    assert.equal((await client.cmd('echo logged; version', { logOnError: true })).out, 'Open On-Chip Debugger 0.12.0');
  });

  it('runs a batch in one round trip, each script with its own return code', async () => {
    const before = client.roundTrips;
    const results = await client.batch(['set batchValue 41', 'error "mid {batch} failure"', 'incr batchValue', 'return [list a {b c}]']);
    assert.equal(client.roundTrips - before, 1);
    assert.deepEqual(
      results.map((r) => [r.retcode, r.out]),
      [[0, '41'], [1, 'mid {batch} failure'], [0, '42'], [2, 'a {b c}']],
    );
  });

  it('captures log output, and keeps the error message of a failing captured command', async () => {
    assert.equal((await client.cmd('echo "first line"; echo second', { capture: true })).out, 'first line\nsecond\n');
    const failed = await client.cmd('echo before; error boom', { capture: true, throw: false });
    assert.equal(failed.retcode, 1);
    assert.equal(failed.out, 'before\nboom');
    // OpenOCD 0.12 breaks top-level `return` after an error inside capture; our wrapper does not use it.
    assert.equal((await client.cmd('version')).retcode, 0);
  });

  it('round-trips every nasty string unchanged through tclQuote', async () => {
    for (const value of NASTY_STRINGS) {
      assert.equal((await client.cmd(`return ${tclQuote(value)}`)).out, value, JSON.stringify(value));
      assert.equal((await client.cmd(`set quoted ${tclQuote(value)}; string length $quoted`)).out, String(Buffer.byteLength(value)));
    }
    const echoed = await client.cmd(`echo ${tclQuote('[a] $b {c "d\\e;')}`, { capture: true });
    assert.equal(echoed.out, '[a] $b {c "d\\e;\n');
  });

  it('enables notifications and trace on a second connection without disturbing commands', async () => {
    await using notifications = new TclNotifications({ port: ocd.tclPort, trace: true });
    await notifications.connect();
    assert.ok(notifications.isConnected);
    assert.match((await client.cmd('version')).out, /^Open On-Chip Debugger/);
  });

  it('round-trips 300 random hostile strings, in one batch, unchanged', async () => {
    // A fixed-seed generator (xorshift32): the same strings on every run.
    let seed = 0x2545f491;
    const next = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const alphabet = [...'[]{}$\\";# \n\t\r*-0x:aZ', 'é', '€', '😀', '\u0000', '\u0001', '\u007f'];
    const values = Array.from({ length: 300 }, () =>
      Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
    );
    const before = client.roundTrips;
    const results = await client.batch(values.map((value) => `return ${tclQuote(value)}`));
    assert.equal(client.roundTrips - before, 1);
    results.forEach((result, k) => assert.equal(result.out, values[k], JSON.stringify(values[k])));
  });

  it('times out on a long command and keeps working after the reconnect', async () => {
    await assert.rejects(client.cmd('sleep 1500', { timeoutMs: 100 }), { name: 'TclTimeoutError' });
    assert.equal((await client.cmd('expr {6 * 7}')).out, '42');
  });
});

describe('OpenocdProcess', () => {
  it('starts with a free tcl port, streams its log, and shuts down cleanly', async () => {
    const lines: string[] = [];
    const ocd = await OpenocdProcess.start({ commands: [...DUMMY, 'echo custom-startup-line'], onLog: (line) => lines.push(line) });
    assert.ok(lines.includes('custom-startup-line'));
    assert.ok(lines.some((line) => line.includes(`Listening on port ${ocd.tclPort} for tcl connections`)));
    assert.ok(lines.some((line) => line.includes('gdb server disabled') || line.includes('gdb services need')));
    const exit = await ocd.stop();
    assert.equal(exit.exitCode, 0);
    assert.equal(isAlive(ocd.pid), false);
  });

  it('exits cleanly on the shutdown command', async () => {
    const ocd = await OpenocdProcess.start({ commands: DUMMY });
    const client = new TclClient({ port: ocd.tclPort });
    await client.connect();
    await new OpenocdCommands(client).shutdown();
    assert.deepEqual(await ocd.exited, { exitCode: 0, signal: null });
    await client.disconnect();
  });

  it('opens gdb and telnet ports only when asked', async () => {
    const lines: string[] = [];
    const ocd = await OpenocdProcess.start({ commands: DUMMY, telnetPort: 'auto', onLog: (line) => lines.push(line) });
    try {
      assert.equal(ocd.ports.gdb, undefined);
      assert.ok(ocd.ports.telnet !== undefined && ocd.ports.telnet !== ocd.tclPort);
      assert.ok(lines.some((line) => line.includes(`Listening on port ${ocd.ports.telnet} for telnet connections`)));
    } finally {
      await ocd.stop();
    }
  });

  it('gives up, and leaves nothing running, when the Tcl port does not answer in time', async () => {
    let pid = 0;
    await assert.rejects(
      OpenocdProcess.start({ commands: [...DUMMY, 'echo about-to-block', 'sleep 60000'], startTimeoutMs: 300, onSpawn: (spawned) => (pid = spawned) }),
      (error: unknown) => {
        assert.ok(error instanceof OpenocdExitedError);
        assert.match(error.message, /did not answer within 300 ms/);
        assert.ok(error.logTail.includes('about-to-block'));
        return true;
      },
    );
    assert.ok(pid > 0);
    assert.equal(isAlive(pid), false, 'start() stopped the OpenOCD it gave up on');
  });

  it('rejects every pending command with a connection error when OpenOCD is killed mid-command', async () => {
    let started: () => void;
    const commandStarted = new Promise<void>((resolve) => (started = resolve));
    const ocd = await OpenocdProcess.start({
      commands: DUMMY,
      onLog: (line) => line === 'long-command-started' && started(),
    });
    const client = new TclClient({ port: ocd.tclPort });
    await client.connect();
    const pending = client.cmd('echo long-command-started; sleep 20000');
    const queued = client.cmd('version');
    await commandStarted;
    process.kill(ocd.pid, 'SIGKILL');
    await assert.rejects(pending, TclConnectionError);
    await assert.rejects(queued, TclConnectionError);
    await assert.rejects(client.cmd('version'), TclConnectionError);
    assert.deepEqual(await ocd.exited, { exitCode: null, signal: 'SIGKILL' });
    await client.disconnect();
  });

  it('says how to install OpenOCD when the executable is missing', async () => {
    await assert.rejects(OpenocdProcess.start({ executable: '/nonexistent/bin/openocd' }), (error: unknown) => {
      assert.ok(error instanceof OpenocdExitedError);
      assert.match(error.message, /apt-get install openocd/);
      return true;
    });
    await assert.rejects(OpenocdProcess.start({ executable: 'openocd-not-installed-here' }), /not found in PATH.*apt-get install openocd/s);
  });

  it("reports a config OpenOCD rejects with OpenOCD's own message", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openocd-cfg-'));
    try {
      const cfg = path.join(dir, 'bad.cfg');
      fs.writeFileSync(cfg, 'adapter driver no_such_adapter\n');
      await assert.rejects(OpenocdProcess.start({ configFiles: [cfg] }), (error: unknown) => {
        assert.ok(error instanceof OpenocdExitedError);
        assert.equal(error.exitCode, 1);
        assert.match(error.message, /The specified debug interface was not found \(no_such_adapter\)/);
        return true;
      });
      await assert.rejects(OpenocdProcess.start({ configFiles: ['missing-board.cfg'] }), /Can't find missing-board\.cfg/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('runs config files whose paths hold spaces, braces and backslashes (as Windows folders do)', async () => {
    // `-f` would read this path as `script {...}` and fail on the lone brace; backslashes are
    // ordinary file name characters here, so the path reaches Jim exactly as a Windows one would.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openocd-cfg-'));
    try {
      const folder = path.join(dir, 'C:\\Program Files {x86', 'scripts\\');
      fs.mkdirSync(folder, { recursive: true });
      const cfg = path.join(folder, 'my board [1].cfg');
      fs.writeFileSync(cfg, 'adapter driver dummy\necho loaded-from-odd-path\n');
      const lines: string[] = [];
      const ocd = await OpenocdProcess.start({ configFiles: [cfg], onLog: (line) => lines.push(line) });
      await ocd.stop();
      assert.ok(lines.includes('loaded-from-odd-path'), lines.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('leaves no OpenOCD behind when the Node process that started it exits without stopping it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'startOpenocdChild.ts'), 'exit'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const childExited = new Promise((resolve) => child.once('exit', resolve));
    const [line] = await readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
    const { pid } = JSON.parse(line) as { pid: number };
    assert.equal(await childExited, 0);
    assert.ok(await waitGone(pid, 10_000), `openocd pid ${pid} outlived its parent`);
  });

  it('leaves no OpenOCD behind when the Node process that started it is SIGKILLed', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'startOpenocdChild.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const childExited = new Promise((resolve) => child.once('exit', resolve));
    const [line] = await readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
    const { pid, tclPort } = JSON.parse(line) as { pid: number; tclPort: number };
    assert.ok(isAlive(pid), 'OpenOCD runs while its parent lives');
    assert.match((await TclClient.with({ port: tclPort }, (c) => c.cmd('version'))).out, /Open On-Chip Debugger/);
    // OpenOCD closing this connection is the event; the pid check then only covers the reaping.
    const watcher = net.createConnection({ host: '127.0.0.1', port: tclPort });
    await new Promise((resolve) => watcher.once('connect', resolve));
    const closed = new Promise((resolve) => watcher.once('close', resolve));
    child.kill('SIGKILL');
    await childExited;
    await closed;
    assert.ok(await waitGone(pid, 10_000), `openocd pid ${pid} outlived its parent`);
  });
});
