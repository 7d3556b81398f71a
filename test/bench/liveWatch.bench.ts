// Benchmark of a Live Watch refresh on the simulated board through the whole adapter: one
// openocd.liveRead of 8 expressions (pointer chains and an expanded struct among them) while the
// target runs, against the peer a debugger without live reads offers: pause, one evaluate per
// expression (the Watch view), continue. Milliseconds and Tcl round trips per refresh. Never pass/fail.
import { performance } from 'node:perf_hooks';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CUSTOM_REQUESTS } from '../../src/adapter/api';
import { DapSession } from '../e2e/dapSession';
import { median } from './benchStats';

const EXPRESSIONS = ['loop_count', 'g_record.position', 'g_points[2].y', '*g_square_ptr', 'g_record_ptr->next->name', '(unsigned char)g_i32', 's_file_static', 'g_message'];
const REFRESHES = 30;

async function main(): Promise<void> {
  const dap = await DapSession.start('O2', { preload: true });
  try {
    await dap.launch({ load: false, runToEntryPoint: 'main' });
    await dap.client.continueRequest({ threadId: 1 });
    const measure = async (refresh: () => Promise<void>): Promise<{ ms: number; trips: number }> => {
      await refresh();
      const ms: number[] = [];
      const trips = dap.session.roundTrips;
      for (let k = 0; k < REFRESHES; k++) {
        const start = performance.now();
        await refresh();
        ms.push(performance.now() - start);
      }
      return { ms: median(ms), trips: (dap.session.roundTrips - trips) / REFRESHES };
    };
    const live = await measure(async () => {
      await dap.client.customRequest(CUSTOM_REQUESTS.liveRead, { expressions: EXPRESSIONS, expand: ['g_record.position'] });
    });
    const halting = await measure(async () => {
      const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dap.client.pauseRequest({ threadId: 1 });
      await stopped;
      const frameId = (await dap.frames(1))[0].id;
      for (const expression of EXPRESSIONS) await dap.client.evaluateRequest({ expression, frameId, context: 'watch' });
      await dap.client.continueRequest({ threadId: 1 });
    });
    console.log(`Live Watch refresh of ${EXPRESSIONS.length} expressions (+1 expanded), median of ${REFRESHES}, simulated board, -O2:`);
    console.log(`  openocd.liveRead while running:        ${live.ms.toFixed(1)} ms, ${live.trips.toFixed(1)} Tcl round trips`);
    console.log(`  pause + ${EXPRESSIONS.length} evaluate + continue (peer): ${halting.ms.toFixed(1)} ms, ${halting.trips.toFixed(1)} Tcl round trips`);
    console.log(`  ratio live / peer: ${(live.ms / halting.ms).toFixed(2)}x time, and the target never stops`);
  } finally {
    await dap.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
