// What a DW_OP expression evaluator asks about the unit an expression came from (DWARF5 2.5.1):
// base types of typed operations, DIEs of DW_OP_call*, .debug_addr entries. Answers only.
import * as C from './dwarfConstants';
import type { Unit } from './unit';
import { locationOf } from './variables';

/** A base type as typed DWARF operations need it (DWARF5 2.5.1.6: size and DW_ATE_* encoding). */
export interface UnitBaseType {
  readonly byteSize: number;
  readonly encoding: number;
}

/**
 * Answers for evaluating expressions of one unit. The object itself fits the evaluator's options
 * (addressSize, littleEndian, offsetSize, resolveBaseType); answer its `callExpression` and
 * `addressIndex` requests with `callExpression` and `addressAtIndex`.
 */
export class UnitExpressionContext {
  /** Target address size: the width of generic stack values. */
  readonly addressSize: 4 | 8;
  readonly littleEndian: boolean;
  /** 4 in 32-bit DWARF, 8 in 64-bit: the size of DW_OP_call_ref and implicit_pointer operands. */
  readonly offsetSize: 4 | 8;

  constructor(readonly unit: Unit) {
    this.addressSize = unit.header.addressSize === 8 ? 8 : 4;
    this.littleEndian = unit.context.sections.littleEndian;
    this.offsetSize = unit.header.offsetSize;
  }

  /**
   * The DW_TAG_base_type at `unitOffset` (relative to the unit header, as DW_OP_convert,
   * DW_OP_deref_type, DW_OP_regval_type and DW_OP_const_type encode it). 0 means the generic type.
   */
  readonly resolveBaseType = (unitOffset: number): UnitBaseType | undefined => {
    if (unitOffset === 0) return undefined;
    const die = this.unit.dieAt(this.unit.header.offset + unitOffset);
    if (die?.tag !== C.DW_TAG_base_type) return undefined;
    return { byteSize: die.number(C.DW_AT_byte_size) ?? 0, encoding: die.number(C.DW_AT_encoding) ?? 0 };
  };

  /**
   * The expression DW_OP_call2/call4 (`unitRelative`) or DW_OP_call_ref (a .debug_info offset)
   * runs: the DW_AT_location of that DIE at `pc` (DWARF5 2.5.1.5). Undefined when it has none.
   */
  callExpression(dieOffset: number, unitRelative: boolean, pc: number): Uint8Array | undefined {
    const absolute = unitRelative ? this.unit.header.offset + dieOffset : dieOffset;
    const die = unitRelative ? this.unit.dieAt(absolute) : this.unit.context.resolve(this.unit.root, { kind: 'reference', offset: absolute });
    if (!die) return undefined;
    const location = locationOf(die, C.DW_AT_location, pc);
    return location.kind === 'expression' ? location.expression : undefined;
  }

  /** DW_OP_addrx / DW_OP_constx: entry `index` of the unit's .debug_addr table (DWARF5 7.27). */
  addressAtIndex(index: number): number {
    return this.unit.addressAtIndex(index);
  }
}
