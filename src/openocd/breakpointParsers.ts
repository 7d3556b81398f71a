// Parsers of OpenOCD 0.12's breakpoint and watchpoint listings (`bp`, `wp` without arguments,
// target.c handle_bp_command_list / handle_wp_command). Pure string code.
import { unparsable } from './outputParsers';

/** One entry of the `bp` listing. */
export type BreakpointInfo =
  | {
      readonly kind: 'software';
      readonly address: number;
      readonly length: number;
      /** Hex as printed. OpenOCD 0.12 passes the length in bytes where bits are expected, so it shows only `length` bits ("0x00"). */
      readonly originalInstruction: string;
    }
  | { readonly kind: 'hardware'; readonly address: number; readonly length: number; readonly number: number }
  | { readonly kind: 'context'; readonly asid: number; readonly length: number; readonly number: number }
  | { readonly kind: 'hybrid'; readonly address: number; readonly asid: number; readonly length: number; readonly number: number };

/**
 * Lines: "IVA breakpoint: 0x%8.8llx, 0x%x, 0x%s" (software; original instruction bytes),
 * "Breakpoint(IVA): 0x%8.8llx, 0x%x, %u" (hardware; comparator number),
 * "Context breakpoint: 0x%8.8x, 0x%x, %u", "Hybrid breakpoint(IVA): 0x%8.8llx, 0x%x, %u" followed
 * by "\t|--->linked with ContextID: 0x%8.8x".
 */
export function parseBreakpoints(text: string): BreakpointInfo[] {
  const breakpoints: BreakpointInfo[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let match: RegExpExecArray | null;
    if ((match = /^IVA breakpoint: 0x([0-9a-f]+), 0x([0-9a-f]+), 0x([0-9a-f]*)$/i.exec(line.trim()))) {
      breakpoints.push({ kind: 'software', address: hex(match[1]), length: hex(match[2]), originalInstruction: match[3] });
    } else if ((match = /^Breakpoint\(IVA\): 0x([0-9a-f]+), 0x([0-9a-f]+), (\d+)$/i.exec(line.trim()))) {
      breakpoints.push({ kind: 'hardware', address: hex(match[1]), length: hex(match[2]), number: Number(match[3]) });
    } else if ((match = /^Context breakpoint: 0x([0-9a-f]+), 0x([0-9a-f]+), (\d+)$/i.exec(line.trim()))) {
      breakpoints.push({ kind: 'context', asid: hex(match[1]), length: hex(match[2]), number: Number(match[3]) });
    } else if ((match = /^Hybrid breakpoint\(IVA\): 0x([0-9a-f]+), 0x([0-9a-f]+), (\d+)$/i.exec(line.trim()))) {
      breakpoints.push({ kind: 'hybrid', address: hex(match[1]), asid: 0, length: hex(match[2]), number: Number(match[3]) });
    } else if ((match = /^\|--->linked with ContextID: 0x([0-9a-f]+)$/i.exec(line.trim()))) {
      const last = breakpoints[breakpoints.length - 1];
      if (last?.kind !== 'hybrid') unparsable('bp', 'ContextID line without a hybrid breakpoint', text);
      breakpoints[breakpoints.length - 1] = { ...last, asid: hex(match[1]) };
    } else {
      unparsable('bp', `unexpected line "${line}"`, text);
    }
  }
  return breakpoints;
}

/** Watchpoint access kinds, as `wp` takes them (r/w/a) and lists them (enum watchpoint_rw 0/1/2). */
export type WatchpointAccess = 'r' | 'w' | 'a';
const ACCESS_BY_RW: readonly WatchpointAccess[] = ['r', 'w', 'a'];

/** One entry of the `wp` listing. */
export interface WatchpointInfo {
  readonly address: number;
  readonly length: number;
  readonly access: WatchpointAccess;
  readonly value: number;
  readonly mask: number;
}

/** Lines: "address: 0x%8.8llx, len: 0x%8.8x, r/w/a: %i, value: 0x%8.8x, mask: 0x%8.8x". */
export function parseWatchpoints(text: string): WatchpointInfo[] {
  const watchpoints: WatchpointInfo[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^address: 0x([0-9a-f]+), len: 0x([0-9a-f]+), r\/w\/a: (\d), value: 0x([0-9a-f]+), mask: 0x([0-9a-f]+)$/i.exec(line.trim());
    const access = match ? ACCESS_BY_RW[Number(match[3])] : undefined;
    if (!match || !access) unparsable('wp', `unexpected line "${line}"`, text);
    watchpoints.push({ address: hex(match[1]), length: hex(match[2]), access, value: hex(match[4]), mask: hex(match[5]) });
  }
  return watchpoints;
}

function hex(digits: string): number {
  return parseInt(digits, 16);
}
