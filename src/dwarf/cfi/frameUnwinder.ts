// Unwinds one frame with CFI (DWARF5 6.4): computes the CFA and the caller's registers from the
// unwind row at a PC. It never touches the target: it asks for registers and memory, like exprs.
import { ExprAnswer, ExprEvaluation, ExprReader, ExprStep, Location } from '../expr';
import { CallFrameInfo } from './callFrameInfo';
import { FrameDescriptionEntry } from './callFrameEntries';
import { CfaRule, RegisterRule } from './cfaInstructions';
import { UnwindRow } from './cfaProgram';
import { UnwindAbi } from './unwindAbi';

/** A register or memory read the unwinder needs; answer with a bigint, bytes, or undefined. */
export type UnwindRequest =
  | { readonly kind: 'register'; readonly register: number }
  | { readonly kind: 'memory'; readonly address: bigint; readonly byteSize: number };

/** A register of the caller: its value, or why it cannot be known. */
export type UnwoundRegister = { readonly value: bigint } | { readonly unavailable: string };

/** The outcome of unwinding one frame; failures are values. */
export type UnwindResult =
  | {
      readonly kind: 'unwound';
      readonly pc: bigint;
      readonly cfa: bigint;
      /** The caller's PC; undefined when the return address rule is undefined (outermost frame) or unreadable. */
      readonly returnAddress: bigint | undefined;
      /** The caller's registers by DWARF number (the ABI's registers plus any the CFI mentions). */
      readonly registers: ReadonlyMap<number, UnwoundRegister>;
      readonly row: UnwindRow;
      readonly fde: FrameDescriptionEntry;
    }
  /** No CFI covers the PC: the caller can try another strategy or stop the backtrace. */
  | { readonly kind: 'noCfi'; readonly pc: bigint; readonly reason: string }
  /** CFI covers the PC but the CFA could not be computed (malformed CFI, unreadable register or memory). */
  | { readonly kind: 'failed'; readonly pc: bigint; readonly reason: string };

/** Where the frame is: its PC and whether that PC is a return address. */
export interface UnwindInput {
  readonly pc: bigint;
  /**
   * True for every frame but the innermost: its PC is a return address, which may lie past the
   * end of a function ending in a call (noreturn), so CFI is looked up at pc - 1.
   */
  readonly pcIsReturnAddress?: boolean;
}

/**
 * One resumable unwind step: `start()`, then `resume(answer)` for each request until `done`.
 * Answer registers of the frame being unwound with a bigint (undefined if unknown) and memory
 * with bytes (undefined if unreadable).
 */
export class FrameUnwinding {
  private readonly machine: Generator<UnwindRequest, UnwindResult, ExprAnswer>;

  constructor(cfi: CallFrameInfo, input: UnwindInput, abi: UnwindAbi) {
    this.machine = unwind(cfi, input, abi);
  }

  start(): UnwindStep {
    return this.step(undefined);
  }

  resume(answer: ExprAnswer): UnwindStep {
    return this.step(answer);
  }

  private step(answer: ExprAnswer): UnwindStep {
    const next = this.machine.next(answer);
    return next.done ? { done: true, result: next.value } : { done: false, request: next.value };
  }
}

/** A step of FrameUnwinding. */
export type UnwindStep = { readonly done: true; readonly result: UnwindResult } | { readonly done: false; readonly request: UnwindRequest };

/** The reads an unwind needs, synchronous or not. */
export type FrameReader = Pick<ExprReader, 'readRegister' | 'readMemory'>;

/** Unwinds one frame, answering requests from a synchronous reader (a snapshot, a core dump). */
export function unwindFrameSync(
  cfi: CallFrameInfo,
  input: UnwindInput,
  abi: UnwindAbi,
  reader: Pick<ExprReader<bigint | undefined, Uint8Array | undefined>, 'readRegister' | 'readMemory'>,
): UnwindResult {
  const unwinding = new FrameUnwinding(cfi, input, abi);
  let step = unwinding.start();
  while (!step.done) {
    const request = step.request;
    step = unwinding.resume(request.kind === 'register' ? reader.readRegister(request.register) : reader.readMemory(request.address, request.byteSize));
  }
  return step.result;
}

/** Unwinds one frame, awaiting each read (registers and memory over OpenOCD). */
export async function unwindFrameAsync(cfi: CallFrameInfo, input: UnwindInput, abi: UnwindAbi, reader: FrameReader): Promise<UnwindResult> {
  const unwinding = new FrameUnwinding(cfi, input, abi);
  let step = unwinding.start();
  while (!step.done) {
    const request = step.request;
    step = unwinding.resume(await (request.kind === 'register' ? reader.readRegister(request.register) : reader.readMemory(request.address, request.byteSize)));
  }
  return step.result;
}

function* unwind(cfi: CallFrameInfo, input: UnwindInput, abi: UnwindAbi): Generator<UnwindRequest, UnwindResult, ExprAnswer> {
  const { pc } = input;
  const lookupPc = Number(input.pcIsReturnAddress && pc > 0n ? pc - 1n : pc);
  const lookup = cfi.unwindRowFor(lookupPc);
  if (lookup.kind === 'noCfi') return { kind: 'noCfi', pc, reason: lookup.reason };
  if (lookup.kind === 'error') return { kind: 'failed', pc, reason: lookup.error.message };
  const { row, fde, littleEndian } = lookup;
  const addressSize = fde.cie.addressSize;
  const mask = (value: bigint): bigint => BigInt.asUintN(addressSize * 8, value);

  const cache = new Map<number, bigint | undefined>();
  function* register(number: number): Generator<UnwindRequest, bigint | undefined, ExprAnswer> {
    if (!cache.has(number)) {
      const answer = yield { kind: 'register', register: number };
      cache.set(number, typeof answer === 'bigint' ? mask(answer) : undefined);
    }
    return cache.get(number);
  }
  function* memoryWord(address: bigint): Generator<UnwindRequest, bigint | undefined, ExprAnswer> {
    const answer = yield { kind: 'memory', address, byteSize: addressSize };
    if (!(answer instanceof Uint8Array) || answer.length !== addressSize) return undefined;
    let value = 0n;
    for (let i = 0; i < addressSize; i++) value = (value << 8n) | BigInt(answer[littleEndian ? addressSize - 1 - i : i]);
    return value;
  }
  function* evaluate(expression: Uint8Array, cfa: bigint | undefined): Generator<UnwindRequest, Location, ExprAnswer> {
    const evaluation = new ExprEvaluation(expression, { addressSize, littleEndian, initialStack: cfa === undefined ? [] : [cfa] });
    let step: ExprStep = evaluation.start();
    while (!step.done) {
      const request = step.request;
      if (request.kind === 'register') step = evaluation.resume(yield* register(request.register));
      else if (request.kind === 'memory' && request.addressSpace === undefined) step = evaluation.resume(yield request);
      else if (request.kind === 'cfa') step = evaluation.resume(cfa);
      else step = evaluation.resume(undefined);
    }
    return step.location;
  }

  const cfa = yield* computeCfa(row.cfa, register, evaluate, mask);
  if (typeof cfa === 'string') return { kind: 'failed', pc, reason: cfa };

  const raColumn = fde.cie.returnAddressRegister;
  const numbers = new Set<number>([...abi.registers, ...row.registers.keys(), raColumn]);
  const registers = new Map<number, UnwoundRegister>();
  for (const number of [...numbers].sort((a, b) => a - b)) {
    const rule = row.registers.get(number);
    let value: UnwoundRegister;
    if (rule) value = yield* applyRule(number, rule, cfa, register, memoryWord, evaluate, mask);
    else if (number === abi.stackPointerRegister) value = { value: cfa };
    else if (number === abi.programCounterRegister && number !== raColumn) continue;
    else if (abi.callerSavedRegisters.includes(number) && number !== raColumn) value = { unavailable: 'not preserved across the call (caller-saved)' };
    else value = known(yield* register(number), `register ${number} is not known in the callee`);
    registers.set(number, value);
  }
  const ra = registers.get(raColumn);
  const returnAddress = ra && 'value' in ra ? ra.value : undefined;
  if (abi.programCounterRegister !== undefined && abi.programCounterRegister !== raColumn && !row.registers.has(abi.programCounterRegister)) {
    registers.set(abi.programCounterRegister, returnAddress === undefined ? { unavailable: 'no return address' } : { value: returnAddress });
  }
  return { kind: 'unwound', pc, cfa, returnAddress, registers, row, fde };
}

type RegisterRead = (number: number) => Generator<UnwindRequest, bigint | undefined, ExprAnswer>;
type Evaluate = (expression: Uint8Array, cfa: bigint | undefined) => Generator<UnwindRequest, Location, ExprAnswer>;

/** DWARF5 6.4.1 CFA rules; a string is the reason it failed. */
function* computeCfa(rule: CfaRule | undefined, register: RegisterRead, evaluate: Evaluate, mask: (v: bigint) => bigint): Generator<UnwindRequest, bigint | string, ExprAnswer> {
  if (!rule) return 'the CFI defines no CFA at this address';
  if (rule.kind === 'registerOffset') {
    const base = yield* register(rule.register);
    if (base === undefined) return `the CFA register ${rule.register} is not known`;
    return mask(base + BigInt(rule.offset));
  }
  const location = yield* evaluate(rule.expression, undefined);
  if (location.kind === 'memory') return location.address;
  return `the CFA expression gives no address (${'reason' in location ? location.reason : location.kind})`;
}

/** DWARF5 6.4.1 register rules. */
function* applyRule(
  number: number,
  rule: RegisterRule,
  cfa: bigint,
  register: RegisterRead,
  memoryWord: (address: bigint) => Generator<UnwindRequest, bigint | undefined, ExprAnswer>,
  evaluate: Evaluate,
  mask: (v: bigint) => bigint,
): Generator<UnwindRequest, UnwoundRegister, ExprAnswer> {
  switch (rule.kind) {
    case 'undefined': return { unavailable: 'not saved (DW_CFA_undefined)' };
    case 'sameValue': return known(yield* register(number), `register ${number} is not known in the callee`);
    case 'offset': {
      const address = mask(cfa + BigInt(rule.offset));
      return known(yield* memoryWord(address), `memory at 0x${address.toString(16)} is not readable`);
    }
    case 'valOffset': return { value: mask(cfa + BigInt(rule.offset)) };
    case 'register': return known(yield* register(rule.register), `register ${rule.register} is not known in the callee`);
    case 'expression':
    case 'valExpression': {
      const location = yield* evaluate(rule.expression, cfa);
      const result = location.kind === 'memory' ? location.address : location.kind === 'value' ? location.value : undefined;
      if (result === undefined) return { unavailable: `DW_CFA_${rule.kind === 'expression' ? 'expression' : 'val_expression'}: ${'reason' in location ? location.reason : location.kind}` };
      if (rule.kind === 'valExpression') return { value: result };
      return known(yield* memoryWord(result), `memory at 0x${result.toString(16)} is not readable`);
    }
  }
}

function known(value: bigint | undefined, reason: string): UnwoundRegister {
  return value === undefined ? { unavailable: reason } : { value };
}
