// Benchmark of a peripheral view's refresh on the simulated board through the whole adapter: a
// stop (breakpoint hit, instruction step) followed by openocd.svdRead of 50 registers, with and
// without openocd.svdWatch of them (Tcl round trips and milliseconds per stop). Never pass/fail.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CUSTOM_REQUESTS } from '../../src/adapter/api';
import { parseSvd } from '../../src/svd';
import { DapSession } from '../e2e/dapSession';
import { median } from './benchStats';

const SVD = join(__dirname, '..', '..', '..', 'shared', 'svd', 'STM32F030.svd');
const REGISTER_COUNT = 50;
const STOPS = 20;

async function main(): Promise<void> {
  const device = parseSvd(readFileSync(SVD, 'utf8'));
  const paths = ['GPIOA', 'GPIOB', 'GPIOC', 'RCC', 'Flash', 'DBGMCU', 'USART1']
    .flatMap((name) => device.peripherals.find((p) => p.name === name)!.registers)
    .filter((register) => register.access !== 'write-only' && register.name !== 'RDR')
    .slice(0, REGISTER_COUNT)
    .map((register) => register.path.replaceAll('/', '.'));
  const dap = await DapSession.start('O2', { preload: true });
  try {
    await dap.launch({ load: false, runToEntryPoint: 'main', svdFile: SVD });
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'led_toggle' }] });
    /**
     * STOPS stops, each followed by a refresh (svdRead of every path) when `refresh`. A breakpoint
     * stop's time is mostly the firmware running to its next tick; an instruction step's is the
     * debugger's own.
     */
    const measure = async (stop: 'breakpoint' | 'step', refresh: boolean): Promise<{ stopMs: number; readMs: number; stopTrips: number; readTrips: number }> => {
      const stopMs: number[] = [];
      const readMs: number[] = [];
      let stopTrips = 0;
      let readTrips = 0;
      for (let k = 0; k < STOPS; k++) {
        const trips = dap.session.roundTrips;
        const start = performance.now();
        const stopped = dap.client.waitForEvent('stopped');
        if (stop === 'breakpoint') await dap.client.continueRequest({ threadId: 1 });
        else await dap.client.stepInRequest({ threadId: 1, granularity: 'instruction' });
        await stopped;
        const halted = performance.now();
        const tripsAtStop = dap.session.roundTrips;
        if (refresh) await dap.client.customRequest(CUSTOM_REQUESTS.svdRead, { paths });
        stopMs.push(halted - start);
        readMs.push(performance.now() - halted);
        stopTrips += tripsAtStop - trips;
        readTrips += dap.session.roundTrips - tripsAtStop;
      }
      return { stopMs: median(stopMs), readMs: median(readMs), stopTrips: stopTrips / STOPS, readTrips: readTrips / STOPS };
    };
    const rows: [string, Awaited<ReturnType<typeof measure>>][] = [];
    const cases = async (watched: string): Promise<void> => {
      for (const stop of ['breakpoint', 'step'] as const) {
        if (watched === '') rows.push([`${stop}, no view`, await measure(stop, false)]);
        rows.push([`${stop}, refresh of ${paths.length} registers, ${watched || 'not watched'}`, await measure(stop, true)]);
      }
    };
    await cases('');
    const watch = (await dap.client.customRequest(CUSTOM_REQUESTS.svdWatch, { paths })).body as { registers: number; reads: number };
    await cases(`watched (${watch.reads} reads)`);
    console.log(`median of ${STOPS} stops (request to stopped event), then the refresh; round trips (RT) are means`);
    console.log(`${'case'.padEnd(60)} ${'stop ms'.padStart(8)} ${'read ms'.padStart(8)} ${'stop RT'.padStart(8)} ${'read RT'.padStart(8)}`);
    for (const [name, r] of rows) {
      console.log(`${name.padEnd(60)} ${r.stopMs.toFixed(1).padStart(8)} ${r.readMs.toFixed(1).padStart(8)} ${r.stopTrips.toFixed(1).padStart(8)} ${r.readTrips.toFixed(1).padStart(8)}`);
    }
  } finally {
    await dap.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
