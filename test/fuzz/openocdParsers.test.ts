// Fuzz of every parser of src/openocd with mutated and random Tcl replies, seeded by real OpenOCD
// 0.12 output (test/openocd/fixtures): each returns a well-formed value (no NaN) or throws its typed
// error (TclInvalidResponseError naming the command), never a TypeError or a hang.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TclInvalidResponseError } from '../../src/common';
import {
  describeOpenocdError, parseBatchReply, parseBreakpoints, parseCommandReply, parseFlashBanks, parseFlashInfo, parseFlashList,
  parseLoadImage, parseMemoryValues, parseOpenocdVersion, parseRegisterDict, parseRegisterLine, parseRegisterList, parseScanChain,
  parseTargets, parseTargetStatus, parseTclDict, parseTclList, parseTclNotification, parseVerifyDifferences, parseVerifyImage, parseWatchpoints,
  parseWriteImage, PolledHaltFilter, RESULT_END, RESULT_START, ResultLogFilter, TclFrameDecoder, TclListSyntaxError, unmarkReply,
} from '../../src/openocd';
import { parseStackWindow } from '../../src/engine/openocdTarget/targetScripts';
import { parseUpChannels } from '../../src/session/rtt';
import * as out from '../openocd/fixtures/openocdOutput';
import { fuzzCases, fuzzPrng, replayHint, type Prng } from './prng';
import { mutateText } from './textMutations';

/** Fails unless every number inside `value` is finite: a parser must not hand NaN on as data. */
function assertWellFormed(value: unknown, where: string): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${where}: ${value}`);
  else if (Array.isArray(value)) value.forEach((item, k) => assertWellFormed(item, `${where}[${k}]`));
  else if (value instanceof Map) for (const [key, item] of value) assertWellFormed(item, `${where}.${String(key)}`);
  else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    for (const [key, item] of Object.entries(value)) assertWellFormed(item, `${where}.${key}`);
  }
}

/** `text` as it reads after a UTF-8 round trip (a cut surrogate pair becomes U+FFFD on the wire). */
const wellFormedUtf8 = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');
const marked = (text: string): string => `${RESULT_START}${text}${RESULT_END}`;
const BATCH_SCRIPTS = ['reg pc', 'read_memory 0x20000000 32 2'];

/** A parser, the command it names in its errors, and real replies to mutate. */
interface ParserCase {
  readonly name: string;
  readonly parse: (text: string) => unknown;
  readonly seeds: readonly string[];
  /** The typed error it may throw (TclInvalidResponseError unless said). */
  readonly error?: new (...args: never[]) => Error;
  /** It finds what it can in any text (a list of differences) and never throws. */
  readonly total?: true;
}

const PARSERS: readonly ParserCase[] = [
  { name: 'version', parse: parseOpenocdVersion, seeds: [out.VERSION_DEBIAN, 'Open On-Chip Debugger 0.12.0+dev-01312-g18281b0c4 (2023-09-21-19:27)'] },
  { name: 'targets', parse: parseTargets, seeds: [out.SIM_TARGETS, out.TARGETS_TWO, out.TARGETS_NONE] },
  { name: 'curstate', parse: parseTargetStatus, seeds: ['halted 0x08000134', 'running'] },
  { name: 'scan_chain', parse: parseScanChain, seeds: [out.SIM_SCAN_CHAIN, out.SCAN_CHAIN_TWO_IDS, out.SCAN_CHAIN_TESTEE] },
  { name: 'read_memory', parse: (text) => parseMemoryValues(text, 8), seeds: [out.SIM_READ_MEMORY] },
  { name: 'get_reg', parse: (text) => parseRegisterDict(text, ['pc', 'sp', 'r0', 'xPSR']), seeds: [out.SIM_GET_REG] },
  { name: 'reg', parse: parseRegisterList, seeds: [out.SIM_REG, out.REG_LIST] },
  { name: 'reg', parse: parseRegisterLine, seeds: [out.SIM_REG_ONE, out.SIM_REG_SET] },
  { name: 'bp', parse: parseBreakpoints, seeds: [out.SIM_BP, out.BP_LIST] },
  { name: 'wp', parse: parseWatchpoints, seeds: [out.SIM_WP, out.WP_LIST] },
  { name: 'flash list', parse: parseFlashList, seeds: [out.SIM_FLASH_LIST, out.FLASH_LIST] },
  { name: 'flash banks', parse: parseFlashBanks, seeds: [out.SIM_FLASH_BANKS, out.FLASH_BANKS] },
  { name: 'flash info', parse: parseFlashInfo, seeds: [out.SIM_FLASH_INFO, out.FLASH_INFO] },
  { name: 'flash write_image', parse: parseWriteImage, seeds: [out.SIM_WRITE_IMAGE, out.WRITE_IMAGE] },
  { name: 'verify_image', parse: parseVerifyImage, seeds: [out.SIM_VERIFY_OK, out.VERIFY_OK] },
  { name: 'load_image', parse: parseLoadImage, seeds: ['downloaded 5732 bytes in 0.200289s (27.948 KiB/s)\n'] },
  { name: 'verify_image', parse: parseVerifyDifferences, seeds: [out.SIM_VERIFY_DIFF, out.SIM_VERIFY_DIFF_END, out.VERIFY_DIFF], total: true },
  { name: 'rtt channellist', parse: parseUpChannels, seeds: ['{{name Terminal size 1024 flags 0} {name {Log 2} size 256 flags 2}} {{name Terminal size 32 flags 0}}'] },
  { name: 'stack window', parse: (text) => parseStackWindow(text, true), seeds: ['536878976 {0x00000002 0x0800016f 0x20001fc8 0x0}', '536879040 {}'] },
  { name: 'list', parse: parseTclList, seeds: [out.SIM_FLASH_LIST, '{a b} "c d" e\\ f \\x41\\u00e9'], error: TclListSyntaxError },
  { name: 'dict', parse: parseTclDict, seeds: [out.SIM_GET_REG, '{a b} {c {d e}}'], error: TclListSyntaxError },
  { name: 'reply', parse: (text) => unmarkReply('cmd', text), seeds: [marked('0 ok'), marked('1 \x10N\x10S\x10T\x10\x10 x')] },
  { name: 'reply', parse: (text) => parseCommandReply('cmd', 'raw', text, 'plain'), seeds: [marked('0 Open On-Chip Debugger 0.12.0'), marked('-304 ')] },
  { name: 'reply', parse: (text) => parseCommandReply('cmd', 'raw', text, 'capture'), seeds: [marked('0 halted\n'), marked('1 log\nmessage')] },
  { name: 'reply', parse: (text) => parseCommandReply('cmd', 'raw', text, 'logOnError'), seeds: [marked('0 {pc 0x0} {}'), marked('-4 {} {Error: failed}')] },
  { name: 'batch', parse: (text) => parseBatchReply(BATCH_SCRIPTS, 'raw', text), seeds: [marked('0 {pc (/32): 0x08000134} 0 {0x0 0x20}'), marked('-307 {} 1 {no such}')] },
];

/** One mutated or random reply for `parser`. */
function reply(random: Prng, parser: ParserCase): string {
  if (random.chance(0.05)) return random.pick(PARSERS).seeds[0];
  const seed = random.pick(parser.seeds);
  if (parser.name === 'reply' || parser.name === 'batch') {
    // Mostly keep the markers, so the mutations reach the parsers behind them.
    return random.chance(0.8) ? marked(mutateText(random, seed.slice(1, -1))) : mutateText(random, seed);
  }
  return mutateText(random, seed);
}

describe('fuzzed OpenOCD replies', () => {
  for (const [k, parser] of PARSERS.entries()) {
    const cases = fuzzCases(250);
    it(`${parser.name} #${k}: ${cases} mutated replies give a value or ${parser.error?.name ?? 'TclInvalidResponseError'}`, () => {
      for (const seed of parser.seeds) assertWellFormed(parser.parse(seed), `${parser.name} on its seed`);
      const random = fuzzPrng(0x0cd00 + k);
      const outcomes = { value: 0, error: 0 };
      for (let i = 0; i < cases; i++) {
        const text = reply(random, parser);
        const hint = `${replayHint(random, i)} ${JSON.stringify(text).slice(0, 300)}`;
        let value: unknown;
        try {
          value = parser.parse(text);
        } catch (error) {
          if (parser.total) assert.fail(`${hint}: ${(error as Error).stack}`);
          if (parser.error) assert.ok(error instanceof parser.error, `${hint}: ${(error as Error).stack}`);
          else {
            assert.ok(error instanceof TclInvalidResponseError, `${hint}: ${(error as Error).stack}`);
            if (error.message.startsWith('cannot parse')) assert.ok(error.message.includes(`'${parser.name}'`), `${hint}: ${error.message}`);
          }
          outcomes.error++;
          continue;
        }
        assertWellFormed(value, hint);
        outcomes.value++;
      }
      assert.ok(outcomes.value > 0 && (outcomes.error > 0 || parser.total), `both outcomes happen: ${JSON.stringify(outcomes)}`);
    });
  }

  it(`notifications, log filters and error names take ${fuzzCases(2000)} random lines without throwing`, () => {
    const random = fuzzPrng(0x0cd99);
    const seeds = ['type target_event event halted', 'type target_state state running', 'type target_trace data 0a1b', 'type target_reset mode halt'];
    const results = new ResultLogFilter();
    const polls = new PolledHaltFilter();
    let notifications = 0;
    for (let i = 0; i < fuzzCases(2000); i++) {
      const line = mutateText(random, random.pick(seeds));
      const hint = `${replayHint(random, i)} ${JSON.stringify(line)}`;
      const notification = parseTclNotification(line);
      if (notification) {
        notifications++;
        assert.ok(!/\s/.test(Object.values(notification)[1]?.toString() ?? ''), hint);
      }
      const kept = results.filter(line);
      assert.ok(kept === undefined || typeof kept === 'string', hint);
      for (const shown of polls.filter(line)) assert.equal(typeof shown, 'string', hint);
      assert.match(describeOpenocdError(random.int(2000) - 1000), /^OpenOCD error -?\d+/, hint);
    }
    polls.flush();
    assert.ok(notifications > 0, 'some mutated lines are still notifications');
  });

  it(`the frame decoder splits ${fuzzCases(300)} random byte streams into the frames they hold`, () => {
    const random = fuzzPrng(0x0cd9a);
    for (let i = 0; i < fuzzCases(300); i++) {
      const frames = Array.from({ length: random.int(5) }, () => wellFormedUtf8(mutateText(random, out.SIM_REG).replaceAll('\x1a', '')));
      const bytes = Buffer.from(frames.map((frame) => `${frame}\x1a`).join('') + mutateText(random, 'tail').replaceAll('\x1a', ''));
      const cap = random.chance(0.2) ? 1 + random.int(64) : 1 << 20;
      const decoder = new TclFrameDecoder(cap);
      const got: string[] = [];
      try {
        for (let at = 0; at < bytes.length;) {
          const size = 1 + random.int(16);
          got.push(...decoder.push(bytes.subarray(at, at + size)));
          at += size;
        }
      } catch (error) {
        assert.ok(error instanceof TclInvalidResponseError && cap < bytes.length, `${replayHint(random, i)}: ${(error as Error).stack}`);
        continue;
      }
      assert.deepEqual(got, frames, replayHint(random, i));
    }
  });
});
