// OpenOCD 0.12 prints every Tcl RPC result into its log: ResultLogFilter on lines, then real
// OpenOCD (dummy adapter) whose log, as onLog delivers it, must hold no wrapped result.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Deferred, withTimeout } from '../../src/common';
import { OpenocdProcess, ResultLogFilter, TclClient, tclQuote } from '../../src/openocd';

/** Feeds `lines` through one filter; the lines that remain. */
function filtered(lines: readonly string[]): string[] {
  const filter = new ResultLogFilter();
  return lines.flatMap((line) => filter.filter(line) ?? []);
}

describe('ResultLogFilter', () => {
  it('drops single- and multi-line results and keeps the lines around them', () => {
    assert.deepEqual(filtered(['Info : before', '\x020 a b\x03', '\x020 ===== arm v7m registers', '(0) r0 (/32): 0x00000002', '(1) r1 (/32): 0x1\x03', 'Info : after']), [
      'Info : before',
      'Info : after',
    ]);
  });

  it('keeps text a message without a newline left before a result, and text after it', () => {
    assert.deepEqual(filtered(['partial\x020 x', 'y\x03tail', 'x\x020 q\x03y\x021 z\x03']), ['partial', 'tail', 'xy']);
  });

  it('passes lines with no markers unchanged, whitespace included', () => {
    assert.deepEqual(filtered(['  indented', '', '\tUser : 1 2 options.c:52 configuration_output_handler(): hi']), [
      '  indented',
      '',
      '\tUser : 1 2 options.c:52 configuration_output_handler(): hi',
    ]);
  });

  it("drops OpenOCD's debug-level prefixes around a result (lines as printed by openocd -d3)", () => {
    const prefix = (n: number): string => `User : ${n} 821 options.c:52 configuration_output_handler(): `;
    assert.deepEqual(filtered([`${prefix(141)}\x020 multi`, `line2\x03${prefix(142)}`, 'Debug: 145 822 command.c:155 script_debug(): command - echo hi']), [
      'Debug: 145 822 command.c:155 script_debug(): command - echo hi',
    ]);
  });
});

describe('the log of real OpenOCD while TclClient runs commands', () => {
  let ocd: OpenocdProcess;
  let client: TclClient;
  const lines: string[] = [];
  const barriers = new Map<string, Deferred<void>>();

  /** Runs `echo NAME` unwrapped and waits for its log line: the log is then complete up to here (one stream, in order). */
  async function logBarrier(name: string): Promise<void> {
    const seen = new Deferred<void>();
    barriers.set(name, seen);
    await client.rawCmd(`echo ${name}`);
    await withTimeout(seen.promise, 5000, () => new Error(`log line ${name} never arrived: log swallowed after a result?`));
  }

  before(async () => {
    ocd = await OpenocdProcess.start({
      commands: ['adapter driver dummy', 'transport select jtag', 'jtag newtap x cpu -irlen 4'],
      onLog: (line) => {
        lines.push(line);
        // At debug level 3 the echo comes after a prefix: "User : 146 822 command.c:685 handle_echo(): NAME".
        for (const [name, seen] of barriers) if (line === name || line.endsWith(`: ${name}`)) seen.resolve();
      },
    });
    client = new TclClient({ port: ocd.tclPort });
    await client.connect();
  });
  after(async () => {
    await client.disconnect();
    await ocd.stop();
  });

  it('shows no result of cmd, capture, logOnError or batch, single- or multi-line, but every ordinary line and rawCmd results', async () => {
    const regLike = ['===== arm v7m registers', '(0) r0 (/32): 0x00000002', '(15) pc (/32): 0x08000134'];
    const joined = `join [list ${regLike.map(tclQuote).join(' ')}] \\n`;
    assert.equal((await client.cmd('list alpha-1 beta-1')).out, 'alpha-1 beta-1');
    assert.equal((await client.cmd(joined)).out, regLike.join('\n'));
    assert.equal((await client.cmd('echo echoed-line', { capture: true })).out, 'echoed-line\n');
    assert.equal((await client.cmd(joined, { logOnError: true })).out, regLike.join('\n'));
    const nasty = 'nul\0in \x02\x03\x10 \x10N nasty-end';
    assert.equal((await client.cmd(`return ${tclQuote(nasty)}`)).out, nasty);
    const batch = await client.batch(['list gamma-2 delta-2', joined, 'error boom-in-batch']);
    assert.deepEqual(batch.map((r) => r.out), ['gamma-2 delta-2', regLike.join('\n'), 'boom-in-batch']);
    assert.equal(await client.rawCmd('list raw-result visible'), 'raw-result visible');
    await logBarrier('barrier-one');

    const log = lines.join('\n');
    for (const shown of ['alpha-1', 'gamma-2', 'boom-in-batch', 'nasty-end', ...regLike]) {
      assert.ok(!lines.some((line) => line.includes(shown)), `log shows the result ${JSON.stringify(shown)}:\n${log}`);
    }
    assert.ok(!/[\x02\x03\x10]/.test(log), 'a marker reached the log');
    assert.ok(lines.includes('raw-result visible'), 'the rawCmd result, asked for unwrapped, is in the log');
    assert.equal(lines.filter((line) => line === 'echoed-line').length, 1, 'the echo itself is an ordinary log line');
    assert.ok(lines.some((line) => line.includes("accepting 'tcl' connection")));
  });

  it('also hides results at debug level 3, where OpenOCD prefixes every piece of output', async () => {
    await client.rawCmd('debug_level 3');
    // That command's own (unwrapped) result is logged with a debug prefix before and after it; it
    // must be in the log before `from`, or it would count as a prefix left over by the filter.
    await logBarrier('barrier-level-3');
    const from = lines.length;
    try {
      // Results unlike the scripts: at this level OpenOCD logs every command it runs, with its arguments.
      assert.equal((await client.cmd('string toupper eps-three')).out, 'EPS-THREE');
      const [joined] = await client.batch(['join [list [string toupper g1x] [string toupper g2x]] \\n']);
      assert.equal(joined.out, 'G1X\nG2X');
      await client.cmd('echo at-debug-level', { capture: true });
      await logBarrier('barrier-two');
    } finally {
      await client.rawCmd('debug_level 2');
    }
    const shown = lines.slice(from);
    assert.ok(shown.some((line) => line.includes('command - echo at-debug-level')), 'debug lines still arrive');
    for (const hidden of ['EPS-THREE', 'G1X', 'G2X']) {
      assert.ok(!shown.some((line) => line.includes(hidden)), `log shows ${hidden}:\n${shown.join('\n')}`);
    }
    assert.ok(!shown.some((line) => /configuration_output_handler\(\): $/.test(line)), 'an empty debug prefix is left over');
  });
});
