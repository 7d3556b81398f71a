// The resumable face of the DWARF expression evaluator (DWARF5 2.5, 2.6): options, steps, and
// the start/resume protocol. Decoding and the stack machine live in runExpression.ts.
import { ExprAnswer, ExprBaseType, ExprRequest, Location } from './location';
import { runExpression } from './runExpression';

/** How to decode and bound an expression. */
export interface ExprOptions {
  /** Target address size in bytes: 4 (ARM, RV32) or 8; the width of generic stack values. */
  readonly addressSize: 4 | 8;
  readonly littleEndian?: boolean;
  /** 4 for 32-bit DWARF, 8 for 64-bit DWARF: the size of DW_OP_call_ref/implicit_pointer operands. */
  readonly offsetSize?: 4 | 8;
  /** Operations executed before the evaluation gives up (bounds DW_OP_skip/bra loops); default 10,000. */
  readonly maxSteps?: number;
  /** Values pushed before the first operation (DWARF5 6.4.2.3: the CFA for DW_CFA_expression). */
  readonly initialStack?: readonly bigint[];
  /** Resolves a unit-relative DIE offset to its DW_TAG_base_type, for the typed operations. */
  readonly resolveBaseType?: (dieOffset: number) => ExprBaseType | undefined;
}

/** One step of an evaluation: finished with a location, or suspended on a request. */
export type ExprStep =
  | { readonly done: true; readonly location: Location }
  | { readonly done: false; readonly request: ExprRequest };

/**
 * One evaluation of one expression. Call `start()`, then `resume(answer)` after each request until
 * the step is `done`. Answer `undefined` when a register or memory cannot be read: the result is
 * then an `unavailable` failure rather than a guess.
 */
export class ExprEvaluation {
  private readonly machine: Generator<ExprRequest, Location, ExprAnswer>;
  private pending: ExprRequest | undefined;
  private started = false;
  private finished = false;

  constructor(expression: Uint8Array, options: ExprOptions) {
    this.machine = runExpression(expression, options);
  }

  /** Runs until the first request or the result. */
  start(): ExprStep {
    if (this.started) throw new Error('ExprEvaluation.start() called twice');
    this.started = true;
    return this.step(undefined);
  }

  /** Answers the pending request and runs on. Answer type: bigint, or Uint8Array for memory and calls. */
  resume(answer: ExprAnswer): ExprStep {
    if (!this.pending) throw new Error('ExprEvaluation.resume() without a pending request');
    return this.step(answer);
  }

  private step(answer: ExprAnswer): ExprStep {
    if (this.finished) throw new Error('ExprEvaluation already finished');
    const next = this.machine.next(answer);
    if (next.done) {
      this.finished = true;
      this.pending = undefined;
      return { done: true, location: next.value };
    }
    this.pending = next.value;
    return { done: false, request: next.value };
  }
}

