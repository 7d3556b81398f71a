// Where openocdLogEvents sends a line of OpenOCD's log: always the `openocd.log` event; the
// console only for errors (stderr) and warnings, or for every line with openocdLogInConsole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CUSTOM_EVENTS, OPENOCD_LOG_CATEGORY } from '../../src/adapter';
import { openocdLogEvents } from '../../src/adapter/openocdLogEvents';

/** The events as a DAP client receives them: [event, category or body]. */
function sent(...args: Parameters<typeof openocdLogEvents>): [string, unknown][] {
  return openocdLogEvents(...args).map((event) => {
    const output = event as DebugProtocol.OutputEvent;
    return event.event === 'output' ? ['output', [output.body.category, output.body.output]] : [event.event, event.body];
  });
}

describe('openocdLogEvents', () => {
  const halt = '[stm32f0x.cpu] halted due to breakpoint, current mode: Thread ';

  it('keeps info lines and the halt message out of the console', () => {
    assert.deepEqual(sent('Info : flash size = 64 KiB', 'info', false), [[CUSTOM_EVENTS.openocdLog, { line: 'Info : flash size = 64 KiB', level: 'info' }]]);
    assert.deepEqual(sent(halt, 'user', false), [[CUSTOM_EVENTS.openocdLog, { line: halt, level: 'user' }]]);
  });

  it('shows errors on stderr and warnings as console output, whatever the attribute says', () => {
    for (const all of [false, true]) {
      assert.deepEqual(sent('Error: JTAG-DP STICKY ERROR', 'error', all), [
        [CUSTOM_EVENTS.openocdLog, { line: 'Error: JTAG-DP STICKY ERROR', level: 'error' }],
        ['output', ['stderr', 'Error: JTAG-DP STICKY ERROR\n']],
      ]);
      assert.deepEqual(sent('Warn : no flash bank found', 'warning', all)[1], ['output', ['console', 'Warn : no flash bank found\n']]);
    }
  });

  it('with openocdLogInConsole shows every line, in the openocd category', () => {
    assert.deepEqual(sent(halt, 'user', true)[1], ['output', [OPENOCD_LOG_CATEGORY, `${halt}\n`]]);
    assert.deepEqual(sent('Debug: 12 34 command.c:155 script_debug(): command - poll', 'debug', true)[1][1], [OPENOCD_LOG_CATEGORY, 'Debug: 12 34 command.c:155 script_debug(): command - poll\n']);
  });
});
