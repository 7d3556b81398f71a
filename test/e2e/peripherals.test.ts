// The peripheral register API (`openocd.svd*` custom requests) on the simulated board with real
// OpenOCD 0.12 and ST's STM32F030.svd: values equal read_memory's, writes keep neighbours (W1C
// flags too), registers with read side effects are never read unasked, watched registers cost no
// round trip after a stop, and a malformed SVD is named without ending the session.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  CUSTOM_REQUESTS, type SvdLoadResponseBody, type SvdReadResponseBody, type SvdWatchResponseBody, type SvdWriteResponseBody,
} from '../../src/adapter/api';
import { parseSvd } from '../../src/svd';
import { DapSession, E2E_TIMEOUT_MS } from './dapSession';

const VENDOR_SVD = join(__dirname, '..', '..', '..', 'shared', 'svd', 'STM32F030.svd');

/**
 * ST's file with two facts of RM0091 it leaves out: reading RDR clears RXNE (27.8.10: SVD
 * readAction modify) and FLASH_SR's EOP, WRPRTERR and PGERR are cleared by writing 1 (3.5.4:
 * modifiedWriteValues oneToClear).
 */
function boardSvd(): string {
  const text = readFileSync(VENDOR_SVD, 'utf8');
  const withRdr = text.replace(/(<name>RDR<\/name>[\s\S]*?<resetValue>0x0000<\/resetValue>)/, '$1\n          <readAction>modify</readAction>');
  const withW1c = withRdr.replace(/(<name>(?:EOP|WRPRT|PGERR)<\/name>[\s\S]*?<access>read-write<\/access>)/g, '$1\n              <modifiedWriteValues>oneToClear</modifiedWriteValues>');
  assert.notEqual(withRdr, text);
  assert.equal(withW1c.split('oneToClear').length - 1, 3);
  return withW1c;
}

/** A well-formed SVD whose field derives from itself: parseSvd throws SvdFormatError at GPIOA/MODER/X. */
const BROKEN_SVD = `<?xml version="1.0"?>
<device schemaVersion="1.3"><name>BROKEN</name><width>32</width><size>32</size><access>read-write</access>
<resetValue>0</resetValue><resetMask>0xffffffff</resetMask><peripherals>
<peripheral><name>GPIOA</name><baseAddress>0x48000000</baseAddress><addressBlock><offset>0</offset><size>0x400</size><usage>registers</usage></addressBlock>
<registers><register><name>MODER</name><addressOffset>0</addressOffset><fields>
<field derivedFrom="GPIOA.MODER.X"><name>X</name><bitOffset>0</bitOffset><bitWidth>2</bitWidth></field>
</fields></register></registers></peripheral></peripherals></device>`;

/** RM0091 register addresses: the oracle does not come from our parser. */
const ADDRESSES = {
  'GPIOA.MODER': 0x4800_0000,
  'GPIOA.ODR': 0x4800_0014,
  'GPIOA.AFRH': 0x4800_0024,
  'RCC.CFGR': 0x4002_1004,
  'RCC.AHBENR': 0x4002_1014,
  'RCC.APB2ENR': 0x4002_1018,
  'USART1.CR1': 0x4001_3800,
  'USART1.BRR': 0x4001_380c,
  'USART1.ISR': 0x4001_381c,
  'Flash.SR': 0x4002_200c,
} as const;

describe('peripheral registers from the SVD on the simulated board (Og)', { timeout: E2E_TIMEOUT_MS * 2 }, () => {
  let dap: DapSession;
  let scratch: string;
  let svdPath: string;
  const request = async <T>(command: string, args: Record<string, unknown>): Promise<T> => (await dap.client.customRequest(command, args)).body as T;
  const refusal = async (command: string, args: Record<string, unknown>): Promise<string> => {
    const outcome = await dap.client.customRequest(command, args).then(() => undefined, (error: Error) => error.message);
    assert.ok(outcome !== undefined, `${command} ${JSON.stringify(args)} was not refused`);
    return outcome;
  };
  const readWord = async (address: number): Promise<number> => Number((await dap.tcl(`read_memory 0x${address.toString(16)} 32 1`)).trim());
  const svdRead = (paths: readonly string[], extra: Record<string, unknown> = {}) => request<SvdReadResponseBody>(CUSTOM_REQUESTS.svdRead, { paths, ...extra });
  const continueToStop = async (): Promise<void> => {
    const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dap.client.continueRequest({ threadId: 1 });
    assert.equal((await stopped).body.reason, 'breakpoint');
  };

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'openocd-debug-svd-'));
    svdPath = join(scratch, 'STM32F030-board.svd');
    writeFileSync(svdPath, boardSvd());
    dap = await DapSession.start('Og', { preload: true });
    await dap.launch({ load: false, runToEntryPoint: 'main', svdFile: svdPath });
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'led_toggle' }] });
    await continueToStop();
  });
  after(async () => {
    await dap?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('reads GPIO, RCC, USART and flash registers and fields with the values read_memory gives', async () => {
    const fields = ['GPIOA.MODER.MODER5', 'GPIOA.MODER.MODER9', 'RCC.APB2ENR.USART1EN', 'USART1.CR1.TE'];
    const { values, errors, running } = await svdRead([...Object.keys(ADDRESSES), ...fields]);
    assert.deepEqual(errors, {});
    assert.equal(running, false);
    for (const [path, address] of Object.entries(ADDRESSES)) assert.equal(values[path], await readWord(address), path);
    const moder = await readWord(ADDRESSES['GPIOA.MODER']);
    assert.equal(values['GPIOA.MODER.MODER5'], (moder >>> 10) & 3);
    assert.equal(values['GPIOA.MODER.MODER5'], 1, 'the firmware made PA5 an output');
    assert.equal(values['GPIOA.MODER.MODER9'], 2, 'and PA9 alternate function (USART1 TX)');
    assert.equal(values['RCC.APB2ENR.USART1EN'], ((await readWord(ADDRESSES['RCC.APB2ENR'])) >>> 14) & 1);
    assert.equal(values['USART1.CR1.TE'], 1);
  });

  it('names unknown paths, and peripherals that are not a register', async () => {
    const { values, errors } = await svdRead(['GPIOA.NOPE', 'NOPE.ODR', 'GPIOA.ODR.NOPE', 'GPIOA', 'GPIOA/ODR']);
    assert.deepEqual(Object.keys(values), ['GPIOA/ODR']);
    assert.deepEqual(errors, {
      'GPIOA.NOPE': 'GPIOA.NOPE: GPIOA has no register or cluster named NOPE',
      'NOPE.ODR': 'NOPE.ODR: STM32F030 has no peripheral named NOPE',
      'GPIOA.ODR.NOPE': 'GPIOA.ODR.NOPE: GPIOA.ODR has no field named NOPE',
      GPIOA: 'GPIOA is a peripheral: name one of its registers or fields',
    });
    assert.match(await refusal(CUSTOM_REQUESTS.svdWrite, { path: 'GPIOA.NOPE', value: 1 }), /GPIOA has no register or cluster named NOPE/);
    assert.match(await refusal(CUSTOM_REQUESTS.svdRead, { paths: 'GPIOA.ODR' }), /openocd\.svdRead: "paths" must be a list of strings; got "GPIOA\.ODR"/);
  });

  it('writes a field: read_memory shows it changed and every other bit of the register intact', async () => {
    const address = ADDRESSES['GPIOA.MODER'];
    const before = await readWord(address);
    const result = await request<SvdWriteResponseBody>(CUSTOM_REQUESTS.svdWrite, { path: 'GPIOA.MODER.MODER7', value: 3 });
    const after = await readWord(address);
    assert.equal((after >>> 14) & 3, 3);
    assert.equal(after & ~(3 << 14), before & ~(3 << 14), 'the other fields keep their values');
    assert.deepEqual(result, { value: 3, written: after });
    assert.equal((await svdRead(['GPIOA.MODER'])).values['GPIOA.MODER'], after, 'the stop cache holds the new value, not the old');
    await request(CUSTOM_REQUESTS.svdWrite, { path: 'GPIOA.MODER', value: before });
    assert.equal(await readWord(address), before);
  });

  it('writes one W1C flag of FLASH_SR without clearing its neighbours (modifiedWriteValues oneToClear)', async () => {
    // RM0091 3.2.2: with PG set, a halfword written to erased flash ends with EOP, one written
    // over programmed flash with PGERR.
    for (const command of ['mww 0x40022004 0x45670123', 'mww 0x40022004 0xCDEF89AB', 'mww 0x40022010 1', 'mwh 0x0800fff0 0x1234', 'mwh 0x08000000 0x1234', 'mww 0x40022010 0x80']) await dap.tcl(command);
    const flags = await readWord(ADDRESSES['Flash.SR']);
    assert.equal(flags & 0x24, 0x24, 'EOP and PGERR are set');
    const result = await request<SvdWriteResponseBody>(CUSTOM_REQUESTS.svdWrite, { path: 'Flash.SR.EOP', value: 1 });
    assert.deepEqual(result, { value: 0, written: 0x20 }, 'PGERR and WRPRT written 0: writing them 1 would clear them');
    assert.equal(await readWord(ADDRESSES['Flash.SR']), flags & ~0x20, 'EOP cleared, PGERR still set');
    await request(CUSTOM_REQUESTS.svdWrite, { path: 'Flash.SR.PGERR', value: 1 });
    assert.equal((await readWord(ADDRESSES['Flash.SR'])) & 0x24, 0);
  });

  it('refuses to write read-only registers and fields, and values that do not fit, saying why', async () => {
    const idr = await readWord(0x4800_0010);
    assert.match(await refusal(CUSTOM_REQUESTS.svdWrite, { path: 'GPIOA.IDR', value: 1 }), /GPIOA\/IDR is read-only/);
    assert.match(await refusal(CUSTOM_REQUESTS.svdWrite, { path: 'USART1.ISR.TXE', value: 0 }), /USART1\/ISR\/TXE is read-only/);
    assert.match(await refusal(CUSTOM_REQUESTS.svdWrite, { path: 'GPIOA.MODER.MODER7', value: 4 }), /GPIOA\/MODER\/MODER7: 4 does not fit in 2 bits/);
    assert.match(await refusal(CUSTOM_REQUESTS.svdWrite, { path: 'GPIOA.ODR', value: -1 }), /openocd\.svdWrite: "value" must be a whole number/);
    assert.equal(await readWord(0x4800_0010), idr);
  });

  it('never reads USART1.RDR unasked (readAction): not in stops watching USART1, only when forced, once', async () => {
    const usart = dap.sim.board.usart1;
    const watch = await request<SvdWatchResponseBody>(CUSTOM_REQUESTS.svdWatch, { paths: ['USART1'] });
    assert.deepEqual(watch.skipped, { 'USART1.RDR': 'readAction modify' });
    assert.equal(watch.registers, 10);
    const reads = usart.rdrReads;
    for (let stop = 0; stop < 3; stop++) await continueToStop();
    const unforced = await svdRead(['USART1.RDR', 'USART1.RDR.RDR', 'USART1.ISR']);
    assert.equal(unforced.errors['USART1.RDR'], 'USART1.RDR: reading it has a side effect (readAction modify); read it explicitly (force)');
    assert.match(unforced.errors['USART1.RDR.RDR'], /reading it has a side effect/);
    assert.equal(unforced.values['USART1.ISR'], await readWord(ADDRESSES['USART1.ISR']));
    assert.equal(usart.rdrReads, reads, 'three stops and a refused read did not read RDR');
    const forced = await svdRead(['USART1.RDR'], { force: ['USART1.RDR'] });
    assert.deepEqual(forced.values, { 'USART1.RDR': 0 });
    assert.equal(usart.rdrReads, reads + 1);
  });

  // A breakpoint stop's count varies with how many early halt checks run before the halt shows
  // (timing), so the cost comparison uses instruction steps, whose requests are fixed.
  it('after svdWatch, an instruction step costs what it did without it and reading the watched registers after a stop costs 0 round trips', async () => {
    const device = parseSvd(readFileSync(svdPath, 'utf8'));
    const watchedPeripherals = ['GPIOA', 'RCC', 'USART1'];
    const paths = device.peripherals
      .filter((p) => watchedPeripherals.includes(p.name))
      .flatMap((p) => p.registers)
      .filter((r) => r.access !== 'write-only' && r.name !== 'RDR')
      .map((r) => ({ path: r.path.replace('/', '.'), address: r.address }));
    const stepCost = async (): Promise<number> => {
      const stepped = dap.client.waitForEvent('stopped');
      const before = dap.session.roundTrips;
      await dap.client.stepInRequest({ threadId: 1, granularity: 'instruction' });
      await stepped;
      return dap.session.roundTrips - before;
    };
    const readCost = async (): Promise<{ trips: number; values: Record<string, number>; errors: Record<string, string> }> => {
      const before = dap.session.roundTrips;
      const { values, errors } = await svdRead(paths.map((p) => p.path));
      return { trips: dap.session.roundTrips - before, values, errors };
    };
    await request(CUSTOM_REQUESTS.svdWatch, { paths: [] });
    await continueToStop();
    const unwatched = await stepCost();
    const watch = await request<SvdWatchResponseBody>(CUSTOM_REQUESTS.svdWatch, { paths: watchedPeripherals });
    assert.equal(watch.registers, paths.length);

    await continueToStop();
    const atBreakpoint = await readCost();
    assert.equal(atBreakpoint.trips, 0, 'the watched registers came with the breakpoint stop');
    assert.deepEqual(atBreakpoint.errors, {});
    for (const { path, address } of paths) assert.equal(atBreakpoint.values[path], await readWord(address), path);

    const watched = await stepCost();
    assert.equal(watched, unwatched, `an instruction step costs ${unwatched} round trips without the watch and ${watched} with it`);
    assert.equal((await readCost()).trips, 0, 'an instruction step reads the watched registers with its stop');
  });

  it('reads live while the target runs, and says so', async () => {
    await request(CUSTOM_REQUESTS.svdWatch, { paths: [] });
    await dap.client.setFunctionBreakpointsRequest({ breakpoints: [] });
    await dap.client.continueRequest({ threadId: 1 });
    const { values, running } = await svdRead(['RCC.APB2ENR', 'GPIOA.MODER.MODER5']);
    assert.equal(running, true);
    assert.equal(values['RCC.APB2ENR'], await readWord(ADDRESSES['RCC.APB2ENR']));
    assert.equal(values['GPIOA.MODER.MODER5'], 1);
    const stopped = dap.client.waitForEvent('stopped');
    await dap.client.pauseRequest({ threadId: 1 });
    await stopped;
  });

  it('svdLoad replaces the SVD (a summary back); a malformed one is refused naming file and element, and the loaded one stays', async () => {
    const broken = join(scratch, 'broken.svd');
    writeFileSync(broken, BROKEN_SVD);
    const message = await refusal(CUSTOM_REQUESTS.svdLoad, { path: broken });
    assert.equal(message, `${broken} is not a usable SVD file: GPIOA/MODER/X: derivedFrom names the field itself`);
    assert.deepEqual(Object.keys((await svdRead(['USART1.CR1'])).values), ['USART1.CR1'], 'the board SVD is still loaded');
    const summary = await request<SvdLoadResponseBody>(CUSTOM_REQUESTS.svdLoad, { path: VENDOR_SVD });
    assert.deepEqual(summary, { device: 'STM32F030', file: VENDOR_SVD, peripherals: 31, registers: 353, warnings: 0 }, '273 <register> elements, and the copies derived peripherals make');
    assert.match(await refusal(CUSTOM_REQUESTS.svdLoad, { path: 'missing.svd' }), /cannot read the SVD file .*missing\.svd/);
  });
});

describe('a launch whose svdFile is malformed (Og)', { timeout: E2E_TIMEOUT_MS }, () => {
  let dap: DapSession;
  let scratch: string;
  let broken: string;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'openocd-debug-svd-broken-'));
    broken = join(scratch, 'broken.svd');
    writeFileSync(broken, BROKEN_SVD);
    dap = await DapSession.start('Og', { preload: true });
    await dap.launch({ load: false, runToEntryPoint: 'main', svdFile: broken });
  });
  after(async () => {
    await dap?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('says on stderr which file and element are wrong, and debugs on without peripherals', async () => {
    const stderr = dap.output.filter((o) => o.category === 'stderr').map((o) => o.text).join('');
    assert.match(stderr, new RegExp(`"svdFile": ${broken.replace(/[.]/g, '\\.')} is not a usable SVD file: GPIOA/MODER/X: derivedFrom names the field itself; the session goes on without peripheral registers`));
    assert.equal((await dap.frames(1))[0].name, 'main');
    const refused = await dap.client.customRequest(CUSTOM_REQUESTS.svdRead, { paths: ['GPIOA.ODR'] }).then(() => '', (error: Error) => error.message);
    assert.match(refused, /no SVD file is loaded \(.*broken\.svd is not a usable SVD file.*\): set "svdFile" in launch\.json or load one \(openocd\.svdLoad\)/);
  });
});
