// The Registers scope's rows: core and special registers as DAP variables, xPSR's flags as its
// children (ARMv6-M B1.4.2, ARMv7-M B1.4.2). Pure formatting; reading the registers is the engine's.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { hex32, UserError } from '../common';

/** A variable row before the session gives it a reference for its children. */
export interface VariableRow {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
  readonly memoryReference?: string;
  readonly children?: readonly VariableRow[];
  /** True when setVariable may write it (registers of the innermost frame). */
  readonly writable?: boolean;
}

/** Registers whose value is an address users open in the memory view. */
const ADDRESS_REGISTERS = new Set(['pc', 'sp', 'msp', 'psp']);

/** APSR flags and the T bit (EPSR) by bit number, then IPSR's exception number. */
const XPSR_FLAGS: readonly [string, number][] = [['N', 31], ['Z', 30], ['C', 29], ['V', 28], ['Q', 27], ['T', 24]];

/** Exception numbers with fixed names (ARMv7-M B1.5.2); 16 and up are external interrupts. */
const EXCEPTION_NAMES = ['Thread mode', 'Reset', 'NMI', 'HardFault', 'MemManage', 'BusFault', 'UsageFault', '', '', '', '', 'SVCall', 'DebugMonitor', '', 'PendSV', 'SysTick'];

/** One row per register in the target's order; xPSR gets flag children (read-only: edit xPSR itself). */
export function registerRows(registers: ReadonlyMap<string, bigint>, writable: boolean): VariableRow[] {
  return [...registers].map(([name, value]) => ({
    writable,
    name,
    value: hex32(value),
    type: 'register',
    memoryReference: ADDRESS_REGISTERS.has(name) ? hex32(value & ~1n) : undefined,
    children: name.toLowerCase() === 'xpsr' ? xpsrRows(value) : undefined,
  }));
}

/** N Z C V Q T flags and the IPSR exception number of an xPSR value. */
function xpsrRows(xpsr: bigint): VariableRow[] {
  const rows: VariableRow[] = XPSR_FLAGS.map(([name, bit]) => ({ name, value: String((xpsr >> BigInt(bit)) & 1n), type: 'flag' }));
  const exception = Number(xpsr & 0x1ffn);
  const label = exception < 16 ? EXCEPTION_NAMES[exception] || 'reserved' : `IRQ ${exception - 16}`;
  rows.push({ name: 'IPSR', value: `${exception} (${label})`, type: 'exception number' });
  return rows;
}

/** A register value as the user typed it: decimal, 0x hex or 0b binary, within 32 bits. */
export function parseRegisterValue(name: string, text: string): bigint {
  const trimmed = text.trim();
  if (/^(0x[0-9a-f]+|0b[01]+|\d+)$/i.test(trimmed)) {
    const value = BigInt(trimmed);
    if (value <= 0xffffffffn) return value;
  }
  throw new UserError(`'${text}' is not a value for ${name}: give a number from 0 to 0xffffffff (decimal, 0x hex or 0b binary)`);
}

/** A DAP variable for a row; `reference` is 0 when it has no children. */
export function toDapVariable(row: VariableRow, reference: number): DebugProtocol.Variable {
  return {
    name: row.name,
    value: row.value,
    type: row.type,
    variablesReference: reference,
    memoryReference: row.memoryReference,
    presentationHint: row.writable ? undefined : { attributes: ['readOnly'] },
  };
}
