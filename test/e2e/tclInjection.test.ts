// Tcl injection: every string a user or a file puts into a Tcl script (executable, image, config
// and search-dir paths, watch and console expressions, breakpoint conditions, function names, SVD
// paths, reset modes) carries ] $ ; { } " \ newline NUL [exit] [shutdown] [echo INJECTED]. Real
// OpenOCD must receive each as data: it stays alive, never echoes INJECTED, and reads the odd files.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CUSTOM_REQUESTS, type ProgramResponseBody, type SvdReadResponseBody, type VerifyResponseBody } from '../../src/adapter/api';
import { lineOf } from '../engine/program/sourceLines';
import { firmwareBin, firmwareDir, firmwareElf } from '../helpers/firmware';
import { isAlive } from '../helpers/processes';
import { simOpenocdDir } from '../sim/startSim';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';

/** What an attacker or an unlucky file name would plant; `[echo INJECTED]` shows in the log if ever run. */
const PLANTS = [']', '[', '$x', '$ocd_rc', ';', '{', '}', '"', '\\', '\n', '\0', '{*}', '[exit]', '[shutdown]', '[echo INJECTED]', '; echo INJECTED'];
/** A name holding every plant but NUL (no file system allows NUL). */
const ODD = 'odd ] $x ; { } " \\ [exit] [shutdown] [echo INJECTED]\nline2 {*}';

describe('Tcl injection through every user string, on real OpenOCD', { timeout: E2E_TIMEOUT_MS * 3 }, () => {
  let dap: DapSession;
  let scratch: string;
  let oddDir: string;

  const failureOf = async (command: string, args: Record<string, unknown>): Promise<string | undefined> =>
    dap.client.customRequest(command, args).then(() => undefined, (error: Error) => error.message);
  /** OpenOCD is alive, answers, and has never run one of the planted commands. */
  const assertUntouched = async (what: string): Promise<void> => {
    const pid = dap.session.openocdPid;
    assert.ok(pid !== undefined && isAlive(pid), `${what}: OpenOCD is gone`);
    assert.match(await dap.tcl('version'), /0\.12/, `${what}: OpenOCD does not answer`);
    const injected = dap.openocdLog.find(({ line }) => /^INJECTED\b/.test(line.trim()));
    assert.equal(injected, undefined, `${what}: a planted command ran`);
  };

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'openocd-debug-injection-'));
    oddDir = join(scratch, ODD);
    mkdirSync(oddDir);
    // The board's interface/ and target/ files, found only through an odd search dir.
    cpSync(simOpenocdDir, join(oddDir, `scripts ${ODD}`), { recursive: true });
    writeFileSync(join(oddDir, `board ${ODD}.cfg`), 'echo "ODD CONFIG READ"\n');
    copyFileSync(firmwareElf('O0'), join(oddDir, `fw ${ODD}.elf`));
    copyFileSync(firmwareBin('O0'), join(oddDir, `fw ${ODD}.bin`));
    dap = await DapSession.start('O0');
    await dap.launch({
      cwd: oddDir,
      executable: `fw ${ODD}.elf`,
      configFiles: [`board ${ODD}.cfg`],
      searchDir: [`scripts ${ODD}`],
      runToEntryPoint: 'main',
    });
  });
  after(async () => {
    await dap?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('launch: the odd config file, search dir and executable are the ones read and programmed', async () => {
    assert.ok(dap.openocdLog.some(({ line }) => line.includes('ODD CONFIG READ')), 'the odd config file ran');
    assert.equal((await dap.frames(1))[0].name, 'main');
    await assertUntouched('launch');
  });

  it('openocd.program and openocd.verify read the odd BIN; a missing odd path is named in the error', async () => {
    const bin = join(oddDir, `fw ${ODD}.bin`);
    const programmed = (await dap.client.customRequest(CUSTOM_REQUESTS.program, { path: bin, address: 0x0800_0000 })).body as ProgramResponseBody;
    assert.equal(programmed.bytes, statSync(bin).size);
    const verified = (await dap.client.customRequest(CUSTOM_REQUESTS.verify, { path: bin, address: 0x0800_0000 })).body as VerifyResponseBody;
    assert.equal(verified.matches, true);
    await assertUntouched('program');
    for (const plant of PLANTS) {
      const missing = join(oddDir, `missing ${plant}.bin`);
      const failure = await failureOf(CUSTOM_REQUESTS.verify, { path: missing, address: 0x0800_0000 });
      assert.ok(failure !== undefined, `verify of ${JSON.stringify(missing)} did not fail`);
      assert.ok(failure.includes(missing) || failure.includes(JSON.stringify(missing).slice(1, -1)), `the error names ${JSON.stringify(missing)}: ${failure}`);
      await assertUntouched(`verify ${JSON.stringify(plant)}`);
    }
  });

  it('watch, hover and console expressions are parsed as C, never run as Tcl', async () => {
    for (const plant of PLANTS) {
      for (const expression of [plant, `loop_count ${plant}`, `loop_count${plant}1`]) {
        for (const context of ['watch', 'hover', 'repl'] as const) {
          const outcome = await dap.client.evaluateRequest({ expression, context }).then((r) => r.body.result, (error: Error) => error.message);
          assert.doesNotMatch(outcome, /internal error/, `${context} ${JSON.stringify(expression)}: ${outcome}`);
        }
      }
      await assertUntouched(`evaluate ${JSON.stringify(plant)}`);
    }
  });

  it('breakpoint conditions and function breakpoint names are data', async () => {
    const source = { path: join(firmwareDir, 'main.c') };
    const line = lineOf('main.c', 'loop_count++;');
    for (const plant of PLANTS) {
      const condition = `loop_count > 1 ${plant}`;
      const set = await dap.client.setBreakpointsRequest({ source, breakpoints: [{ line, condition }] });
      assert.equal(set.body.breakpoints.length, 1);
      const functions = await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: `main${plant}` }, { name: plant }] });
      assert.equal(functions.body.breakpoints.length, 2);
      assert.equal(functions.body.breakpoints[1].verified, false, `a function named ${JSON.stringify(plant)} resolved`);
      await assertUntouched(`condition ${JSON.stringify(plant)}`);
    }
    // The last condition cannot be evaluated: the target stops there and the console names it.
    const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dap.client.continueRequest({ threadId: 1 });
    assert.equal((await stopped).body.reason, 'breakpoint');
    const condition = `loop_count > 1 ${PLANTS[PLANTS.length - 1]}`;
    assert.ok(dap.output.some(({ text }) => text.includes(`'${condition}'`)), `the console names the condition ${condition}`);
    await dap.client.setBreakpointsRequest({ source, breakpoints: [] });
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
    await assertUntouched('a stop on a planted condition');
  });

  it('SVD file, register paths, reset modes and memory references are data', async () => {
    const svd = join(oddDir, `chip ${ODD}.svd`);
    writeFileSync(svd, readFileSync(join(__dirname, '..', '..', '..', 'shared', 'svd', 'STM32F030.svd')));
    await dap.client.customRequest(CUSTOM_REQUESTS.svdLoad, { path: svd });
    for (const plant of PLANTS) {
      // Surrounding white space is trimmed: "GPIOA/MODER\n" is that register.
      for (const path of [`GPIOA/${plant}`, `${plant}/MODER`, `GPIOA/MODER${plant}`].filter((p) => p.trim() !== 'GPIOA/MODER')) {
        const read = (await dap.client.customRequest(CUSTOM_REQUESTS.svdRead, { paths: [path] })).body as SvdReadResponseBody;
        assert.deepEqual(Object.keys(read.values), [], `svdRead ${JSON.stringify(path)} read something`);
        assert.ok(read.errors[path] !== undefined, `svdRead ${JSON.stringify(path)} gives its error under that path: ${JSON.stringify(read.errors)}`);
        assert.ok((await failureOf(CUSTOM_REQUESTS.svdWrite, { path, value: 1 })) !== undefined, `svdWrite ${JSON.stringify(path)}`);
      }
      assert.ok((await failureOf(CUSTOM_REQUESTS.reset, { mode: `halt${plant}` })) !== undefined, `reset mode halt${JSON.stringify(plant)}`);
      const memory = await dap.client.send('readMemory', { memoryReference: `0x20000000${plant}`, count: 4 }).then((r) => JSON.stringify(r.body), (error: Error) => error.message);
      assert.doesNotMatch(memory, /internal error/, `readMemory ${JSON.stringify(plant)}: ${memory}`);
      await assertUntouched(`svd/reset/memory ${JSON.stringify(plant)}`);
    }
  });
});
