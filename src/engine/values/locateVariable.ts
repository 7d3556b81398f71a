// Where a variable of src/dwarf is at one PC of one frame: runs its DWARF location (DWARF5 2.6)
// with this frame's registers and CFA, and turns the result into a Value place. No formatting.
import { DW_OP_entry_value, DW_OP_GNU_entry_value, evaluateAsync, Location, ScopeVariable, UnitExpressionContext, VariableLocation } from '../../dwarf';
import type { MemoryCache } from './memoryCache';
import { bigIntToBytes } from './scalarFormat';
import type { FrameRegisters, Value, ValuePlace } from './value';
import { byteSizeOf } from './valueBytes';

/** A frame as location expressions need it: its registers, and its CFA (DW_OP_call_frame_cfa). */
export interface FrameContext extends FrameRegisters {
  /** The frame's canonical frame address, undefined when unwinding did not find it. */
  readonly cfa: number | undefined;
  /** DW_OP_entry_value: a register's value on entry to the function (see callSiteEntryValues); omit when unknown. */
  entryValue?(expression: Uint8Array): Promise<bigint | undefined>;
}

/**
 * The Value of `variable` in `frame`. `frameBase` is VariablesInScope.frameBase (DW_AT_frame_base
 * at this PC). Memory the expression itself reads (DW_OP_deref) goes through `memory`, one flush per read.
 */
export async function locateVariable(variable: ScopeVariable, frame: FrameContext, frameBase: VariableLocation, memory: MemoryCache): Promise<Value> {
  const location = variable.location;
  const type = variable.type;
  if (location.kind === 'optimizedOut') return { type, place: { kind: 'optimizedOut' } };
  if (location.kind === 'constant') return { type, place: { kind: 'bytes', bytes: constantBytes(location.value, byteSizeOf(type), frame.littleEndian) } };
  const result = await evaluateInFrame(location.expression, new UnitExpressionContext(variable.die.unit), frame, frameBase, memory);
  return { type, place: await placeOfLocation(result, byteSizeOf(type), frame, memory) };
}

/**
 * Runs a DWARF expression of `unit` (DWARF5 2.5) in `frame`: its registers, CFA, `frameBase`
 * (DW_OP_fbreg), .debug_addr (DW_OP_addrx) and entry values. Memory goes through `memory`, one
 * flush per read it does not hold yet.
 */
export async function evaluateInFrame(expression: Uint8Array, unit: UnitExpressionContext, frame: FrameContext, frameBase: VariableLocation, memory: MemoryCache): Promise<Location> {
  return evaluateAsync(expression, unit, {
    readRegister: (register) => frame.register(register),
    readMemory: async (address, byteSize) => {
      let found = memory.get(Number(address), byteSize);
      if (found === undefined) {
        await memory.flush();
        found = memory.get(Number(address), byteSize);
      }
      return found instanceof Uint8Array ? found : undefined;
    },
    cfa: () => (frame.cfa === undefined ? undefined : BigInt(frame.cfa)),
    frameBaseExpression: frameBase.kind === 'expression' ? frameBase.expression : undefined,
    addressIndex: (index) => BigInt(unit.addressAtIndex(index)),
    entryValue: async (inner) => frame.entryValue?.(inner),
  });
}

/** DW_AT_const_value as the object's bytes (a number is stored in the type's size). */
function constantBytes(value: number | bigint | Uint8Array | string, byteSize: number, littleEndian: boolean): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return new TextEncoder().encode(`${value}\0`);
  return bigIntToBytes(BigInt(value), Math.max(byteSize, 1), littleEndian);
}

/**
 * A location description as a place; composites are assembled into bytes (DWARF5 2.6.1.2), with
 * the bytes of pieces that have no location marked optimized out.
 */
export async function placeOfLocation(location: Location, byteSize: number, frame: FrameContext, memory: MemoryCache): Promise<ValuePlace> {
  switch (location.kind) {
    case 'memory': return { kind: 'memory', address: Number(location.address) };
    case 'register': return { kind: 'register', register: location.register };
    case 'implicitValue': return { kind: 'bytes', bytes: location.bytes };
    case 'value': return { kind: 'bytes', bytes: bigIntToBytes(location.value, Math.max(byteSize, location.baseType?.byteSize ?? 0, 1), frame.littleEndian) };
    case 'optimizedOut': return { kind: 'optimizedOut' };
    case 'implicitPointer': return { kind: 'unavailable', reason: 'implicit pointer (DW_OP_implicit_pointer) not supported' };
    // GDB shows an entry value it cannot resolve from call-site information as optimized out.
    case 'unsupported': return location.opcode === DW_OP_entry_value || location.opcode === DW_OP_GNU_entry_value ? { kind: 'optimizedOut' } : { kind: 'unavailable', reason: location.reason };
    case 'unavailable': case 'error': return { kind: 'unavailable', reason: location.reason };
    case 'composite': {
      const totalBytes = Math.max(byteSize, Math.ceil(location.pieces.reduce((bits, p) => bits + p.bitSize, 0) / 8));
      const bytes = new Uint8Array(totalBytes);
      const optimizedOut = new Uint8Array(totalBytes);
      let bitPosition = 0;
      for (const piece of location.pieces) {
        if (piece.bitOffset % 8 !== 0 || piece.bitSize % 8 !== 0 || bitPosition % 8 !== 0) {
          return { kind: 'unavailable', reason: 'bit pieces (DW_OP_bit_piece) not on byte boundaries' };
        }
        const part = await placeOfLocation(piece.location, Math.ceil((piece.bitOffset + piece.bitSize) / 8), frame, memory);
        const source = await pieceBytes(part, Math.ceil((piece.bitOffset + piece.bitSize) / 8), frame, memory);
        const start = bitPosition / 8;
        const end = start + piece.bitSize / 8;
        if (source === 'optimizedOut') optimizedOut.fill(1, start, end);
        else if (typeof source === 'string') return { kind: 'unavailable', reason: source };
        else bytes.set(source.subarray(piece.bitOffset / 8, (piece.bitOffset + piece.bitSize) / 8), start);
        bitPosition += piece.bitSize;
      }
      // Bytes no piece covers have no location either.
      optimizedOut.fill(1, bitPosition / 8);
      if (optimizedOut.every((b) => b !== 0)) return { kind: 'optimizedOut' };
      return optimizedOut.some((b) => b !== 0) ? { kind: 'bytes', bytes, optimizedOut } : { kind: 'bytes', bytes };
    }
  }
}

/** The bytes of one piece's place, or why not ('optimizedOut' or a reason). */
async function pieceBytes(place: ValuePlace, byteSize: number, frame: FrameContext, memory: MemoryCache): Promise<Uint8Array | string> {
  switch (place.kind) {
    case 'bytes': return place.bytes;
    case 'optimizedOut': return 'optimizedOut';
    case 'unavailable': return place.reason;
    case 'register': {
      const value = frame.register(place.register);
      return value === undefined ? `register ${place.register} not recovered` : bigIntToBytes(value, frame.addressByteSize, frame.littleEndian).subarray(0, Math.max(byteSize, 1));
    }
    case 'memory': {
      let found = memory.get(place.address, byteSize);
      if (found === undefined) {
        await memory.flush();
        found = memory.get(place.address, byteSize);
      }
      return found instanceof Uint8Array ? found : `cannot read memory at 0x${place.address.toString(16)}`;
    }
  }
}
