// Shared set-up of the fault scenarios that need a step which never ends by itself: the target
// halted in main's wait for a SysTick tick, with SysTick switched off.
import { join } from 'node:path';
import { lineOf } from '../../engine/program/sourceLines';
import { firmwareDir } from '../../helpers/firmware';
import type { DapSession } from '../dapSession';

/** The requirement of issue 17: the client hears of a fault within this long. */
export const FAULT_NOTICE_MS = 2_000;

/**
 * Stops the launched session at the wait for a tick, clears that breakpoint and turns SysTick off
 * (ARMv6-M B3.3.3 SYST_CSR), so a `next` from there runs until something else stops it.
 */
export async function haltInTickWaitWithoutTicks(dap: DapSession): Promise<void> {
  const source = { path: join(firmwareDir, 'main.c') };
  await dap.client.setBreakpointsRequest({ source, breakpoints: [{ line: lineOf('main.c', 'while (systick_ticks == seen)') }] });
  const atWait = dap.client.waitForEvent('stopped');
  await dap.client.continueRequest({ threadId: 1 });
  await atWait;
  await dap.client.setBreakpointsRequest({ source, breakpoints: [] });
  await dap.tcl('mww 0xE000E010 0');
}
