// The value model shared by variables and expressions: a DWARF type plus where its bytes are
// (memory, a register of the frame, computed bytes) or why there are none. Data only.
import type { DwarfType } from '../../dwarf';
import type { SymbolOffset } from '../program';

/** Where a value's bytes are. Memory and register places are lvalues (they can be written). */
export type ValuePlace =
  /** In target memory at `address`. */
  | { readonly kind: 'memory'; readonly address: number }
  /** In DWARF register `register` of the frame (and the following ones for wider values). */
  | { readonly kind: 'register'; readonly register: number }
  /**
   * Computed: DW_AT_const_value, DW_OP_stack_value, DW_OP_implicit_value, an expression's result,
   * or a composite's pieces (DWARF5 2.6.1.2). `optimizedOut` marks (non-zero) the bytes of pieces
   * that have no location, so a struct shows `{x = 3, y = <optimized out>}` as GDB does.
   */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly optimizedOut?: Uint8Array }
  /** DWARF5 2.6.1.1.1: no location at this PC. Shown `<optimized out>`. */
  | { readonly kind: 'optimizedOut' }
  /** The location needs something the frame cannot give (a register not recovered by unwinding). */
  | { readonly kind: 'unavailable'; readonly reason: string };

/** A typed object of the debuggee, or a computed one. */
export interface Value {
  readonly type: DwarfType;
  readonly place: ValuePlace;
  /** Bitfields (DWARF5 5.7.6): the first bit above the place's first byte (LSB numbering) and the width. */
  readonly bitOffset?: number;
  readonly bitSize?: number;
}


/**
 * What formatting needs of the frame a value belongs to. Registers are those of THIS frame
 * (unwound for outer frames), by DWARF register number.
 */
export interface FrameRegisters {
  readonly littleEndian: boolean;
  /** Bytes per address and per register (4 on Cortex-M). */
  readonly addressByteSize: 4 | 8;
  /** A register of this frame; undefined when unwinding could not recover it. */
  register(dwarfRegister: number): bigint | undefined;
  /** The ELF symbol holding `address`, for `<g_record+4>` annotations (omit for none). */
  symbolAt?(address: number): SymbolOffset | undefined;
}
