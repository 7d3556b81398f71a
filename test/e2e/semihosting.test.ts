// DAP scenarios of semihosting on the simulated board: the firmware's console calls (SYS_WRITE0,
// SYS_WRITEC, SYS_WRITE to stdout and stderr) reach the debug console once and in order, a debug
// console line starting with `<` is its SYS_READ input, and SYS_EXIT ends the session with its code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isAlive, waitGone } from '../helpers/processes';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';
import { outputUntil, setWord } from './programOutput';

/** What `semihosting_request = 1` prints (test/firmware/semihosting.c print_lines), in order. */
const PRINTED = 'sh: write0 line\nsh: writec\nsh: stdout line 1\nsh: stdout line 2\nsh: stderr line\n';

describe('semihosting', { timeout: E2E_TIMEOUT_MS }, () => {
  it('shows the program\'s console output once and in order, gives it debug console input, and goes on after a restart', async () => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'main', semihosting: true });
      await setWord(dap, 'semihosting_request', 1);
      await dap.client.continueRequest({ threadId: 1 });
      assert.equal(await outputUntil(dap, 'stdout', (text) => text.includes('sh: stderr line\n')), PRINTED);

      await setWord(dap, 'semihosting_request', 2);
      // OpenOCD 0.12 drops input that arrives while no SYS_READ waits (semihosting_service_input_handler),
      // and nothing tells when the program starts waiting: the line is typed again until it is read.
      const echoed = outputUntil(dap, 'stdout', (text) => text.includes('sh: read '));
      let typing = true;
      const typist = (async () => {
        while (typing) {
          await dap.client.evaluateRequest({ expression: '<typed: é [$x]', context: 'repl' });
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
      })();
      await echoed;
      typing = false;
      await typist;
      const text = await outputUntil(dap, 'stdout', (all) => all.endsWith('\n'));
      assert.equal(text, `${PRINTED}sh: read typed: é [$x]\n`);

      const stopped = dap.client.waitForEvent('stopped');
      await dap.client.restartRequest({});
      await stopped;
      await setWord(dap, 'semihosting_request', 1);
      await dap.client.continueRequest({ threadId: 1 });
      const again = await outputUntil(dap, 'stdout', (all) => all.length > text.length && all.endsWith('sh: stderr line\n'));
      assert.equal(again.slice(text.length), PRINTED);
    } finally {
      await dap.close();
    }
  });

  it('ends the session with the exit code of SYS_EXIT_EXTENDED, after the last output', async () => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'main', semihosting: true });
      const pid = dap.session.openocdPid!;
      const exited = dap.client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
      const terminated = dap.client.waitForEvent('terminated');
      await setWord(dap, 'semihosting_exit_code', 3);
      await setWord(dap, 'semihosting_request', 3);
      await dap.client.continueRequest({ threadId: 1 });
      assert.equal((await exited).body.exitCode, 3);
      await terminated;
      assert.ok(dap.output.some((output) => output.text === 'The program exited with code 3 (semihosting).\n'), JSON.stringify(dap.output.slice(-5)));
      assert.ok(await waitGone(pid, 10_000), 'OpenOCD still runs');
      assert.equal(isAlive(pid), false);
    } finally {
      await dap.close();
    }
  });

  it('halts on BKPT 0xAB without semihosting, as the chip does with a debugger that does not serve it', async () => {
    const dap = await DapSession.start('Og', { preload: true });
    try {
      await dap.launch({ load: false, runToEntryPoint: 'main' });
      await setWord(dap, 'semihosting_request', 1);
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.continueRequest({ threadId: 1 });
      assert.equal((await stopped).body.reason, 'breakpoint');
      const [top] = await dap.frames(1);
      assert.match(top.name, /semihost|print_lines|semihosting_poll/);
      assert.equal(dap.output.filter((output) => output.category === 'stdout').length, 0);
    } finally {
      await dap.close();
    }
  });
});
