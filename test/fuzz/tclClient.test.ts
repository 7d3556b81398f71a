// Fuzz of the Tcl client and the typed commands over a real socket: a fake OpenOCD answers each
// request at random (mutated replies cut into random packets, extra replies, garbage, a close
// mid-reply, silence, an oversized reply). Every call settles with a value or a DebuggerError.
import assert from 'node:assert/strict';
import type * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DebuggerError } from '../../src/common';
import { OpenocdCommands, RESULT_END, RESULT_START, TclClient } from '../../src/openocd';
import * as out from '../openocd/fixtures/openocdOutput';
import { FakeTclServer } from '../openocd/fakeTclServer';
import { fuzzCases, fuzzPrng, replayHint, type Prng } from './prng';
import { mutateText } from './textMutations';

/** Bound on one call: a client that neither answers nor fails within it has hung. */
const SETTLE_MS = 5_000;
const REQUEST_TIMEOUT_MS = 150;
const MAX_REPLY_BYTES = 64 * 1024;

/** Reply bodies of every form our wrappers expect: "rc out", the list "rc out log", a batch list. */
const BODIES = [
  `0 ${out.VERSION_DEBIAN}`, `0 ${out.SIM_TARGETS}`, `0 ${out.SIM_REG}`, `0 ${out.SIM_FLASH_LIST}`, `0 ${out.SIM_BP}`, '-304 ', '1 target not halted',
  `0 {${out.SIM_GET_REG}} {}`, `0 {${out.SIM_READ_MEMORY}} {}`, `-4 {} {Error: failed}`, `0 {${out.SIM_FLASH_INFO}} {}`, '0 halted {}',
  `0 {${out.SIM_GET_REG}} 0 {${out.SIM_READ_MEMORY}}`, '0 {halted 0x08000134} {}', `0 {${out.SIM_WRITE_IMAGE}} {}`,
];

/** What the fake OpenOCD does with one request. */
function answer(random: Prng, socket: net.Socket): void {
  const body = random.chance(0.3) ? random.pick(BODIES) : mutateText(random, random.pick(BODIES), 2).replaceAll('\x1a', '');
  const reply = Buffer.from(`${RESULT_START}${body}${RESULT_END}\x1a`);
  const kind = random.int(20);
  if (kind === 0) socket.destroy(); // closed before answering
  else if (kind === 1) socket.end(reply.subarray(0, random.int(reply.length))); // closed mid-reply
  else if (kind === 2) return; // silence: the request times out
  else if (kind === 3) socket.write(Buffer.concat([reply, reply])); // a reply nobody asked for
  else if (kind === 4) socket.write(Buffer.alloc(MAX_REPLY_BYTES + 1, 0x41)); // not an OpenOCD port
  else if (kind === 5) socket.write(`${body}\x1a`); // no markers
  else {
    // The right framing, cut into random packets.
    for (let at = 0; at < reply.length;) {
      const size = 1 + random.int(reply.length);
      socket.write(reply.subarray(at, at + size));
      at += size;
    }
  }
}

/** The typed commands a session uses, with arguments (not the flash transfers: their timeout is minutes long by design). */
const CALLS: readonly ((c: OpenocdCommands) => Promise<unknown>)[] = [
  (c) => c.version(), (c) => c.targets(), (c) => c.curstate(), (c) => c.status(), (c) => c.waitHalt(10), (c) => c.targetNames(),
  (c) => c.getRegisters(['pc', 'sp', 'r0', 'xPSR']), (c) => c.reg('pc'), (c) => c.registerList(), (c) => c.readMemory(0x20000000, 32, 8),
  (c) => c.readBytes(0x20000000, 32), (c) => c.snapshot(['pc', 'sp'], [{ address: 0x20000000, byteLength: 8 }]), (c) => c.breakpoints(),
  (c) => c.watchpoints(), (c) => c.scanChain(), (c) => c.flash.banks(), (c) => c.flash.info(0), (c) => c.flash.protect(0, 0, 'last', false),
  (c) => c.echo('x'), (c) => c.halt(), (c) => c.step(), (c) => c.client.batch(['a', 'b']), (c) => c.client.rawCmd('version'),
];

/** Settles `call` within SETTLE_MS: its value, or the error it rejected with. */
async function settle(call: Promise<unknown>, hint: string): Promise<{ error?: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${hint}: no answer and no error within ${SETTLE_MS} ms`)), SETTLE_MS);
  });
  try {
    await Promise.race([call, hang]);
    return {};
  } catch (error) {
    if (error instanceof Error && error.message.endsWith(`within ${SETTLE_MS} ms`)) throw error;
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

describe('fuzzed Tcl connection', () => {
  let server: FakeTclServer;
  before(async () => {
    server = await FakeTclServer.start();
  });
  after(() => server.close());

  it(`${fuzzCases(100)} typed commands over a fake OpenOCD answering at random settle with a value or a DebuggerError`, async () => {
    const random = fuzzPrng(0x7c1);
    const subscription = server.requests.on(({ socket }) => answer(random, socket));
    const client = new TclClient({ port: server.port, timeoutMs: REQUEST_TIMEOUT_MS, maxReplyBytes: MAX_REPLY_BYTES });
    const commands = new OpenocdCommands(client);
    const outcomes: Record<string, number> = {};
    try {
      for (let i = 0; i < fuzzCases(100); i++) {
        if (!client.isConnected) await client.reconnect().catch(() => undefined);
        // Sometimes two at once: the second waits in the queue behind the first.
        const hint = replayHint(random, i);
        const calls = Array.from({ length: random.chance(0.3) ? 2 : 1 }, () => {
          const k = random.int(CALLS.length);
          return settle(CALLS[k](commands), `${hint} call #${k}`);
        });
        for (const { error } of await Promise.all(calls)) {
          if (error !== undefined) assert.ok(error instanceof DebuggerError, `${hint}: ${error instanceof Error ? error.stack : String(error)}`);
          const name = error === undefined ? 'value' : (error as Error).name;
          outcomes[name] = (outcomes[name] ?? 0) + 1;
        }
      }
    } finally {
      subscription.dispose();
    }
    // A well-behaved OpenOCD afterwards: the client recovers.
    const good = server.requests.on(({ socket }) => socket.write(`${RESULT_START}0 {${out.VERSION_DEBIAN}} {}${RESULT_END}\x1a`));
    try {
      await client.reconnect();
      assert.equal((await commands.version()).minor, 12);
    } finally {
      good.dispose();
      await client.disconnect();
    }
    for (const kind of ['value', 'TclInvalidResponseError', 'TclConnectionError', 'TclTimeoutError']) assert.ok(outcomes[kind] > 0, `${kind} happens: ${JSON.stringify(outcomes)}`);
  });
});
