// Parsers of OpenOCD 0.12 register output: the `get_reg` dict and the `reg` listing
// (target.c target_jim_get_reg / handle_reg_command). Pure string code.
import { tclDictOf, unparsable } from './outputParsers';

/**
 * `get_reg {names}` returns a dict "name 0x<hex>" in the order asked (values are
 * "0x" + buf_to_hex_str, full register width, so 64-bit registers need bigint).
 */
export function parseRegisterDict(text: string, names: readonly string[]): Map<string, bigint> {
  const dict = tclDictOf('get_reg', text);
  const values = new Map<string, bigint>();
  for (const name of names) {
    const value = dict.get(name);
    if (value === undefined || !/^0x[0-9a-fA-F]+$/.test(value)) unparsable('get_reg', `no hex value for register ${name}`, text);
    values.set(name, BigInt(value));
  }
  return values;
}

/** One register of the `reg` listing. */
export interface RegisterInfo {
  /** Ordinal number, usable as `reg <number>`. */
  readonly number: number;
  readonly name: string;
  readonly bitSize: number;
  /** The cached value; undefined when OpenOCD's cache is not valid (printed without a value). */
  readonly value?: bigint;
  readonly dirty: boolean;
  /** Name of the register cache group ("===== arm v7m registers"). */
  readonly group: string;
}

/**
 * `reg` with no argument: "===== <cache name>" group lines, then "(%i) %s (/%u): 0x%s" with an
 * optional " (dirty)", or "(%i) %s (/%u)" when the cached value is not valid.
 */
export function parseRegisterList(text: string): RegisterInfo[] {
  const registers: RegisterInfo[] = [];
  let group = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const header = /^===== (.*)$/.exec(line);
    if (header) {
      group = header[1].trim();
      continue;
    }
    const match = /^\((\d+)\) (\S+) \(\/(\d+)\)(?:: 0x([0-9a-fA-F]+)( \(dirty\))?)?\s*$/.exec(line);
    if (!match) unparsable('reg', `unexpected line "${line}"`, text);
    registers.push({
      number: Number(match[1]),
      name: match[2],
      bitSize: Number(match[3]),
      value: match[4] === undefined ? undefined : BigInt(`0x${match[4]}`),
      dirty: match[5] !== undefined,
      group,
    });
  }
  return registers;
}

/** `reg <name>` or `reg <name> <value>`: "%s (/%i): 0x%s". */
export function parseRegisterLine(text: string): { name: string; bitSize: number; value: bigint } {
  const match = /^(\S+) \(\/(\d+)\): 0x([0-9a-fA-F]+)\s*$/.exec(text.trim());
  if (!match) unparsable('reg', 'expected "name (/bits): 0xvalue"', text);
  return { name: match[1], bitSize: Number(match[2]), value: BigInt(`0x${match[3]}`) };
}
