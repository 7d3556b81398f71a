// Parsers of OpenOCD 0.12 command output that is not target-specific: version, `targets`,
// `scan_chain`, `read_memory` lists. Pure string code; formats cite their printf in v0.12.0.
import { TclInvalidResponseError } from '../common';
import { parseTclDict, parseTclList } from './tclQuote';

/** Throws the error every parser uses for output it does not understand. */
export function unparsable(command: string, detail: string, output: string): never {
  throw new TclInvalidResponseError(`cannot parse the output of '${command}': ${detail}`, command, output);
}

/** parseTclList for the output of `command`: a malformed list is that command's unparsable output. */
export function tclListOf(command: string, text: string): string[] {
  try {
    return parseTclList(text);
  } catch (error) {
    unparsable(command, (error as Error).message, text);
  }
}

/** parseTclDict for the output of `command`, as tclListOf. */
export function tclDictOf(command: string, text: string): Map<string, string> {
  try {
    return parseTclDict(text);
  } catch (error) {
    unparsable(command, (error as Error).message, text);
  }
}

/** `version`: "Open On-Chip Debugger 0.12.0" or "... 0.12.0+dev-00123-gabcdef (2023-01-01-10:00)". */
export interface OpenocdVersion {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** "+dev-00123-gabcdef" style suffix, or "". */
  readonly suffix: string;
}

export function parseOpenocdVersion(text: string): OpenocdVersion {
  const match = /(\d+)\.(\d+)\.(\d+)(\S*)/.exec(text);
  if (!match) unparsable('version', 'no x.y.z version number', text);
  return { text: text.trim(), major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), suffix: match[4] };
}

/** Target states of nvp_target_state (target.c). */
export type TargetState = 'unknown' | 'running' | 'halted' | 'reset' | 'debug-running' | 'tap-disabled';

/** One row of `targets`. */
export interface TargetInfo {
  readonly number: number;
  readonly name: string;
  readonly type: string;
  readonly endian: string;
  readonly tapName: string;
  readonly state: TargetState;
  /** Marked `*`: the current target. */
  readonly current: boolean;
}

/**
 * `targets` (target.c handle_targets_command): two header lines, then rows printed with
 * "%2d%c %-18s %-10s %-6s %-18s %s". Names contain no spaces but may be wider than their column.
 */
export function parseTargets(text: string): TargetInfo[] {
  const targets: TargetInfo[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^\s*TargetName\b/.test(line) || /^--/.test(line)) continue;
    const match = /^\s*(\d+)([* ]) (\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (!match) unparsable('targets', `unexpected line "${line}"`, text);
    targets.push({
      number: Number(match[1]),
      current: match[2] === '*',
      name: match[3],
      type: match[4],
      endian: match[5],
      tapName: match[6],
      state: match[7] as TargetState,
    });
  }
  return targets;
}

/** The list "state" or "halted 0x<pc>" that OpenocdCommands.status asks for. */
export function parseTargetStatus(text: string): { state: TargetState; pc?: bigint } {
  const [state, pc, ...rest] = tclListOf('curstate', text);
  if (state === undefined || rest.length > 0 || (pc !== undefined && !/^0x[0-9a-fA-F]+$/.test(pc))) unparsable('curstate', 'expected "state" or "halted 0x<pc>"', text);
  return { state: state as TargetState, pc: pc === undefined ? undefined : BigInt(pc) };
}

/** One TAP of `scan_chain`. */
export interface ScanChainTap {
  readonly position: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly idcode: number;
  /** Expected IDCODEs as printed; a `*` in place of the version nibble means "any version". */
  readonly expectedIds: string[];
  readonly irLength: number;
  readonly irCapture: number;
  readonly irMask: number;
}

/**
 * `scan_chain` (jtag/tcl.c handle_scan_chain_command): rows "%2d %-18s     %c     0x%08x %s %5d
 * 0x%02x  0x%02x", and further expected ids alone on continuation lines.
 */
export function parseScanChain(text: string): ScanChainTap[] {
  const taps: ScanChainTap[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^\s*TapName\b/.test(line) || /^--/.test(line)) continue;
    const row = /^\s*(\d+) (\S+)\s+([Yn])\s+0x([0-9a-fA-F]{8}) (0x[0-9a-fA-F*]{8})\s+(\d+) 0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s*$/.exec(line);
    const more = /^\s+(0x[0-9a-fA-F*]{8})\s*$/.exec(line);
    if (row) {
      taps.push({
        position: Number(row[1]),
        name: row[2],
        enabled: row[3] === 'Y',
        idcode: parseInt(row[4], 16),
        expectedIds: [row[5]],
        irLength: Number(row[6]),
        irCapture: parseInt(row[7], 16),
        irMask: parseInt(row[8], 16),
      });
    } else if (more && taps.length > 0) {
      taps[taps.length - 1].expectedIds.push(more[1]);
    } else {
      unparsable('scan_chain', `unexpected line "${line}"`, text);
    }
  }
  return taps;
}

/** `read_memory` (target.c target_jim_read_memory): a Tcl list of "0x%" PRIx64 values. */
export function parseMemoryValues(text: string, expectedCount: number): bigint[] {
  const items = tclListOf('read_memory', text);
  if (items.length !== expectedCount) unparsable('read_memory', `expected ${expectedCount} values, got ${items.length}`, text);
  return items.map((item) => {
    if (!/^0x[0-9a-fA-F]+$/.test(item)) unparsable('read_memory', `"${item}" is not a hex number`, text);
    return BigInt(item);
  });
}
