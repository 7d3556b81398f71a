// Drivers that run an ExprEvaluation to completion against a reader of the caller's choosing,
// synchronous or asynchronous. They map requests to reader calls and nothing else.
import { ExprEvaluation, ExprOptions, ExprStep } from './exprEvaluation';
import { ExprAnswer, ExprRequest, Location } from './location';

type MaybePromise<T> = T | Promise<T>;

/**
 * What an evaluation may ask for. Return `undefined` for anything that cannot be read (the result
 * says so); optional members that are missing make the operations needing them `unsupported`.
 * Exceptions thrown by a reader propagate to the caller of the driver unchanged.
 */
export interface ExprReader<R = MaybePromise<bigint | undefined>, M = MaybePromise<Uint8Array | undefined>> {
  readRegister(register: number): R;
  readMemory(address: bigint, byteSize: number, addressSpace?: bigint): M;
  /** The CFA of the frame (DW_OP_call_frame_cfa). */
  cfa?(): R;
  /** The frame base value, when the caller already knows it (takes precedence over frameBaseExpression). */
  frameBase?(): R;
  /** The function's DW_AT_frame_base expression, evaluated with this reader for DW_OP_fbreg. */
  readonly frameBaseExpression?: Uint8Array;
  /** Entry `index` of .debug_addr for the unit (DW_OP_addrx/constx). */
  addressIndex?(index: number): R;
  objectAddress?(): R;
  /** DW_AT_location bytes of the DIE a DW_OP_call2/call4/call_ref names. */
  callExpression?(opcode: number, dieOffset: number): Uint8Array | undefined;
  /** The value `expression` had on entry to the function (DW_OP_entry_value), from call-site information. */
  entryValue?(expression: Uint8Array): R;
}

/** A reader whose every answer is immediate. */
export type SyncExprReader = ExprReader<bigint | undefined, Uint8Array | undefined>;

/**
 * The frame base a DW_AT_frame_base location gives (DWARF5 3.3.5): a memory location's address
 * (DW_OP_call_frame_cfa, DW_OP_bregN), a register's contents (DW_OP_regN), or a computed value.
 */
function frameBaseRequest(location: Location): { value: bigint } | { register: number } | undefined {
  if (location.kind === 'memory') return { value: location.address };
  if (location.kind === 'value') return { value: location.value };
  if (location.kind === 'register') return { register: location.register };
  return undefined;
}

/** The same reader without its frame base, so that a frame base using DW_OP_fbreg cannot recurse. */
function withoutFrameBase<T extends ExprReader<unknown, unknown>>(reader: T): T {
  // A prototype link keeps the reader's own methods (and their `this`) working.
  return Object.assign(Object.create(reader) as T, { frameBaseExpression: undefined, frameBase: undefined });
}

/** Runs `expression` to its location, answering every request from `reader` synchronously. */
export function evaluateSync(expression: Uint8Array, options: ExprOptions, reader: SyncExprReader): Location {
  const evaluation = new ExprEvaluation(expression, options);
  let step: ExprStep = evaluation.start();
  while (!step.done) step = evaluation.resume(answerSync(step.request, options, reader));
  return step.location;
}

function answerSync(request: ExprRequest, options: ExprOptions, reader: SyncExprReader): ExprAnswer {
  switch (request.kind) {
    case 'register': return reader.readRegister(request.register);
    case 'memory': return reader.readMemory(request.address, request.byteSize, request.addressSpace);
    case 'cfa': return reader.cfa?.();
    case 'addressIndex': return reader.addressIndex?.(request.index);
    case 'objectAddress': return reader.objectAddress?.();
    case 'callExpression': return reader.callExpression?.(request.opcode, request.dieOffset);
    case 'entryValue': return reader.entryValue?.(request.expression);
    case 'frameBase': {
      if (reader.frameBase) return reader.frameBase();
      if (!reader.frameBaseExpression) return undefined;
      const base = frameBaseRequest(evaluateSync(reader.frameBaseExpression, options, withoutFrameBase(reader)));
      if (!base) return undefined;
      return 'value' in base ? base.value : reader.readRegister(base.register);
    }
  }
}

/** Runs `expression` to its location, awaiting each answer from `reader` (target reads over OpenOCD). */
export async function evaluateAsync(expression: Uint8Array, options: ExprOptions, reader: ExprReader): Promise<Location> {
  const evaluation = new ExprEvaluation(expression, options);
  let step: ExprStep = evaluation.start();
  while (!step.done) step = evaluation.resume(await answerAsync(step.request, options, reader));
  return step.location;
}

async function answerAsync(request: ExprRequest, options: ExprOptions, reader: ExprReader): Promise<ExprAnswer> {
  switch (request.kind) {
    case 'register': return reader.readRegister(request.register);
    case 'memory': return reader.readMemory(request.address, request.byteSize, request.addressSpace);
    case 'cfa': return reader.cfa?.();
    case 'addressIndex': return reader.addressIndex?.(request.index);
    case 'objectAddress': return reader.objectAddress?.();
    case 'callExpression': return reader.callExpression?.(request.opcode, request.dieOffset);
    case 'entryValue': return reader.entryValue?.(request.expression);
    case 'frameBase': {
      if (reader.frameBase) return reader.frameBase();
      if (!reader.frameBaseExpression) return undefined;
      const base = frameBaseRequest(await evaluateAsync(reader.frameBaseExpression, options, withoutFrameBase(reader)));
      if (!base) return undefined;
      return 'value' in base ? base.value : reader.readRegister(base.register);
    }
  }
}
