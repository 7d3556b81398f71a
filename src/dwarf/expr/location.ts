// What evaluating a DWARF expression yields (DWARF5 2.6 location descriptions), and what the
// evaluator asks its caller for. Types only: no evaluation, no target access.

/**
 * The base type of a typed stack value (DWARF5 2.5.1 "typed stack"), read by the caller from the
 * DW_TAG_base_type DIE that DW_OP_const_type/regval_type/deref_type/convert name (the info
 * reader's BaseType fits).
 */
export interface ExprBaseType {
  readonly byteSize: number;
  /** DW_ATE_* value. */
  readonly encoding: number;
}

/** A location that is one place (DWARF5 2.6.1.1), or one piece of a composite. */
export type SimpleLocation =
  /** DWARF5 2.6.1.1.2: the object lives in target memory at `address`. */
  | { readonly kind: 'memory'; readonly address: bigint }
  /** DWARF5 2.6.1.1.3: the object lives in a register (DWARF register number). */
  | { readonly kind: 'register'; readonly register: number }
  /** DWARF5 2.6.1.1.4 DW_OP_implicit_value: the object's bytes, in target byte order. */
  | { readonly kind: 'implicitValue'; readonly bytes: Uint8Array }
  /** DWARF5 2.6.1.1.4 DW_OP_stack_value: the object's value was computed, it lives nowhere. */
  | { readonly kind: 'value'; readonly value: bigint; readonly baseType?: ExprBaseType }
  /** DWARF5 2.6.1.1.4 DW_OP_implicit_pointer: a pointer to `dieOffset`'s value, plus `byteOffset`. */
  | { readonly kind: 'implicitPointer'; readonly dieOffset: number; readonly byteOffset: number }
  /** DWARF5 2.6.1.1.1 empty location: the object (or this piece) was optimized out. */
  | { readonly kind: 'optimizedOut' };

/** One piece of a composite location (DWARF5 2.6.1.2 DW_OP_piece / DW_OP_bit_piece). */
export interface Piece {
  readonly location: SimpleLocation;
  readonly bitSize: number;
  /** DW_OP_bit_piece offset into the location; 0 for DW_OP_piece. */
  readonly bitOffset: number;
}

/**
 * Why an evaluation produced no location. `unsupported`: an operation we do not (or cannot)
 * evaluate, such as DW_OP_entry_value; `unavailable`: the caller could not supply a register or
 * memory; `error`: the expression is malformed (stack underflow, division by zero, step limit).
 */
export interface ExprFailure {
  readonly kind: 'unsupported' | 'unavailable' | 'error';
  readonly reason: string;
  /** Byte offset of the failing operation inside its expression. */
  readonly offset?: number;
  readonly opcode?: number;
}

/** The result of an evaluation. Failures are values, never exceptions. */
export type Location =
  | SimpleLocation
  | { readonly kind: 'composite'; readonly pieces: readonly Piece[] }
  | ExprFailure;

/** What a suspended evaluation needs from its caller before it can go on. */
export type ExprRequest =
  /** The value of a DWARF register in the frame being evaluated (DW_OP_bregN, regval_type). */
  | { readonly kind: 'register'; readonly register: number }
  /** `byteSize` bytes of target memory; `addressSpace` only for DW_OP_xderef*. */
  | { readonly kind: 'memory'; readonly address: bigint; readonly byteSize: number; readonly addressSpace?: bigint }
  /** The frame base (value of DW_AT_frame_base) for DW_OP_fbreg. */
  | { readonly kind: 'frameBase' }
  /** The canonical frame address for DW_OP_call_frame_cfa (DWARF5 6.4). */
  | { readonly kind: 'cfa' }
  /** Entry `index` of the unit's .debug_addr table (DW_OP_addrx, DW_OP_constx). */
  | { readonly kind: 'addressIndex'; readonly index: number }
  /** The address of the object being evaluated (DW_OP_push_object_address). */
  | { readonly kind: 'objectAddress' }
  /**
   * The DW_AT_location expression of the DIE at `dieOffset` (DW_OP_call2/call4: offset within
   * the unit; DW_OP_call_ref: offset within .debug_info), run on the same stack.
   */
  | { readonly kind: 'callExpression'; readonly opcode: number; readonly dieOffset: number }
  /**
   * DW_OP_entry_value: the value `expression` (usually DW_OP_regN) had on entry to the function,
   * known only from the caller's call-site parameters. Answer undefined when unknown.
   */
  | { readonly kind: 'entryValue'; readonly expression: Uint8Array };

/** The caller's answer: a value (bigint), bytes (memory, call expression), or undefined = not available. */
export type ExprAnswer = bigint | Uint8Array | undefined;
