// PolledHaltFilter on log lines as OpenOCD 0.12 prints them around capturedPoll (debug_level 2
// and 3): poll's own copy of the halt state goes, every other line stays. The real-OpenOCD side
// (one halt message per stop on the simulated board) is test/e2e/debugConsole.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolledHaltFilter } from '../../src/openocd';

const halt = (reason: string, pc: string): string[] => [
  `[stm32f0x.cpu] halted due to ${reason}, current mode: Thread `,
  `xPSR: 0x61000000 pc: ${pc} msp: 0x20001fd8`,
];

/** Feeds `lines` through one filter, then ends the stream; the lines shown. */
function shown(lines: readonly string[]): string[] {
  const filter = new PolledHaltFilter();
  return [...lines.flatMap((line) => filter.filter(line)), ...filter.flush()];
}

describe('PolledHaltFilter', () => {
  it("drops poll's copy of the halt state and keeps OpenOCD's own message and the lines around", () => {
    assert.deepEqual(shown(['Info : before', ...halt('breakpoint', '0x08000156'), '\x0e', ...halt('breakpoint', '0x08000156'), '\x0f', 'Info : after']), [
      'Info : before',
      ...halt('breakpoint', '0x08000156'),
      'Info : after',
    ]);
  });

  it('keeps the halt message of a halt the poll itself noticed: only the last one is the copy', () => {
    assert.deepEqual(shown(['\x0e', 'Error: JTAG-DP STICKY ERROR', ...halt('debug-request', '0x080000c0'), ...halt('debug-request', '0x080000c0'), '\x0f']), [
      'Error: JTAG-DP STICKY ERROR',
      ...halt('debug-request', '0x080000c0'),
    ]);
  });

  it('keeps everything a poll printed when it printed no halt state (target running)', () => {
    assert.deepEqual(shown(['\x0e', 'Error: Failed to read memory at 0x30000000', '\x0f', 'xPSR: 0x61000000 pc: 0x08000156 msp: 0x20001fd8']), [
      'Error: Failed to read memory at 0x30000000',
      'xPSR: 0x61000000 pc: 0x08000156 msp: 0x20001fd8',
    ]);
  });

  it('passes lines without markers unchanged and at once', () => {
    const filter = new PolledHaltFilter();
    for (const line of ['', '  indented', ...halt('single-step', '0x08000612')]) assert.deepEqual(filter.filter(line), [line]);
    assert.deepEqual(filter.flush(), []);
  });

  it('holds the lines of a poll until its end marker', () => {
    const filter = new PolledHaltFilter();
    assert.deepEqual(filter.filter('\x0e'), []);
    assert.deepEqual(filter.filter('Error: Failed to read memory at 0x30000000'), []);
    assert.deepEqual(filter.filter('\x0f'), ['Error: Failed to read memory at 0x30000000']);
  });

  it('gives back the held lines unchanged when the stream ends inside a poll', () => {
    assert.deepEqual(shown(['\x0e', ...halt('breakpoint', '0x08000156')]), halt('breakpoint', '0x08000156'));
  });

  it('keeps text a message without a newline left before a marker', () => {
    assert.deepEqual(shown(['partial\x0e', ...halt('breakpoint', '0x08000156'), '\x0f']), ['partial']);
  });

  it('works on the lines of openocd -d3: prefixes, and each echo logged with its marker first (script_debug)', () => {
    const user = (n: number, where: string): string => `User : ${n} 900 ${where}: `;
    const lines = [
      'Debug: 200 899 command.c:155 script_debug(): command - echo \x0e',
      `${user(201, 'command.c:685 handle_echo()')}\x0e`,
      'Debug: 202 899 command.c:155 script_debug(): command - capture poll',
      `${user(203, 'armv7m.c:738 armv7m_arch_state()')}[stm32f0x.cpu] halted due to breakpoint, current mode: Thread `,
      'xPSR: 0x61000000 pc: 0x08000156 msp: 0x20001fd8',
      'Debug: 204 899 command.c:155 script_debug(): command - echo \x0f',
      `${user(205, 'command.c:685 handle_echo()')}\x0f`,
      'Debug: 206 900 command.c:155 script_debug(): command - get_reg',
    ];
    assert.deepEqual(shown(lines), [
      'Debug: 200 899 command.c:155 script_debug(): command - echo ',
      'Debug: 202 899 command.c:155 script_debug(): command - capture poll',
      'Debug: 204 899 command.c:155 script_debug(): command - echo ',
      'Debug: 206 900 command.c:155 script_debug(): command - get_reg',
    ]);
  });
});
