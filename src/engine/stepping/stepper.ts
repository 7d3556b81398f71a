// Source-level and instruction stepping over the Target port (issue 6 "Execution"): step over,
// into and out with frame identity (function + CFA), temporary breakpoints at return addresses
// instead of single-stepping through callees, and a pause that interrupts any step. No time cap.
import { UserError } from '../../common';
import type { Architecture } from '../arch/architecture';
import type { DecodedInstruction, InstructionDecoder } from '../disassembly';
import type { Program, SourcePosition } from '../program';
import { FrameMemory, StackFrame, StackUnwinder, targetFrameMemory } from '../stack';
import type { HaltReason, TargetStop } from '../target';
import { revealedInlineFrames, revealInlinedAfterInstructionStep, revealInlineFrames } from './inlineReveal';
import { passingRange } from './lineRange';
import { straightLineEnd } from './straightLine';
import type { SteppingTarget, StepBreakpoint, StepBreakpoints } from './stepTarget';

/**
 * Bounds of one Target.stepInRange request. A pause is seen between requests, so the time bound
 * keeps it prompt: a `step` takes 13-25 ms on the simulated link (about a millisecond on a real
 * probe), so a pause waits at most about 80 ms plus one step, and a longer run of the same line
 * costs a request per 80 ms instead of one per instruction.
 */
const STEP_RANGE_LIMITS = { maxSteps: 1000, maxMs: 80 } as const;

/** How far to step. */
export type StepKind = 'over' | 'into' | 'out' | 'instruction';

/** Where a step ended, and why: `step` when it completed, else what stopped it first. */
export interface StepOutcome {
  readonly stop: TargetStop;
  /** `step` (completed), `pause` (aborted), or the reason of a halt that came first (e.g. `breakpoint`). */
  readonly reason: HaltReason;
}

export interface StepperOptions {
  /** Temporary breakpoints; the engine passes its BreakpointManager. */
  readonly breakpoints: StepBreakpoints;
  /** Registers and memory of the current halt (the engine's per-stop cache); default reads the target. */
  readonly frameMemory?: () => FrameMemory;
  /** The core's architecture (Target.architecture), for the unwinder. */
  readonly architecture: Architecture;
}

/** A halt that ended a run before the step could complete. */
class Interrupted {
  constructor(readonly outcome: StepOutcome) {}
}

/** The line a source step started on, and the frame it belongs to. */
interface StepStart {
  readonly frame: StackFrame;
  /** The frame's position (its line, or the call site when inlined calls at their entry are hidden). */
  readonly position: SourcePosition | undefined;
  /** Number of inlined frames shown at the start PC (frame identity below the concrete function). */
  readonly inlineDepth: number;
  /** Inlined calls starting at the start PC that are still hidden. */
  readonly hiddenInlined: number;
}

/** What a PC means to a source step: the shown frames (GDB hides inlined calls at their entry). */
interface PcView {
  readonly depth: number;
  readonly position: SourcePosition | undefined;
  /** True when a line-table row starts here with is_stmt (a place GDB's step may stop). */
  readonly statementStart: boolean;
  /** Inlined calls starting at this PC that are hidden (the PC shows at their call site). */
  readonly hiddenInlined: number;
}

/** Steps one target. One step at a time; a new step must wait for the previous one to settle. */
export class SourceStepper {
  constructor(
    private readonly program: Program,
    private readonly target: SteppingTarget,
    private readonly decoder: InstructionDecoder,
    private readonly options: StepperOptions,
  ) {}

  /**
   * Performs one step from the current halt. `signal` (the user's pause) interrupts it at any
   * time: the target is halted and the outcome's reason is `pause`.
   */
  async step(kind: StepKind, signal?: AbortSignal): Promise<StepOutcome> {
    try {
      switch (kind) {
        case 'instruction': {
          const stop = await this.target.stepInstruction();
          revealInlinedAfterInstructionStep(this.program, stop);
          return { stop, reason: 'step' };
        }
        case 'out': return await this.stepOut(signal);
        default: return await this.stepLine(kind, signal);
      }
    } catch (error) {
      if (error instanceof Interrupted) return error.outcome;
      if (error instanceof AbortedBeforeStop) return { stop: await this.target.halt(), reason: 'pause' };
      throw error;
    }
  }

  /**
   * `next`/`step` as GDB does them: run until the PC is at the start of an is_stmt row of another
   * line in the same frame. Calls are stepped over with a temporary breakpoint at the return
   * address, accepted only when the frame there is the caller's (same CFA: recursion). `into`
   * stops in a callee with line information at its first line after the prologue; a callee
   * without line information (library code) is stepped over. A return (or leaving an inlined
   * body) continues in the caller until a new line starts, like GDB's "step back out".
   */
  private async stepLine(kind: 'over' | 'into', signal: AbortSignal | undefined, from?: StepStart): Promise<StepOutcome> {
    let start = from ?? await this.startHere();
    let stop: TargetStop | undefined;
    if (!from && !start.position) return this.stepOut(signal, true);
    const here = this.target.currentStop;
    if (kind === 'into' && start.hiddenInlined > 0 && here) {
      // At the first instruction of an inlined call shown at its call site: enter it in place.
      revealInlineFrames(here, revealedInlineFrames(here) + 1);
      return { stop: here, reason: 'step' };
    }
    for (;;) {
      this.checkAbort(signal, stop);
      const pc = stop?.pc ?? start.frame.pc;
      const instruction = await this.instructionAt(pc);
      if (kind === 'over' && instruction?.isCall) {
        // Straight to the return address: GDB steps into the callee first, then sets its
        // step-resume breakpoint; the stop in between would cost a `step` (20-35 ms on the
        // simulated link) and decide nothing. A user breakpoint in the callee still ends the step.
        const startCfa = start.frame.cfa;
        stop = await this.runTo(pc + instruction.byteLength, async () => (await this.frameHere()).cfa === startCfa, signal);
      } else stop = await this.stepThroughLine(pc, instruction, kind, start, signal);
      if (kind === 'into' && instruction?.isCall && stop.pc !== pc + instruction.byteLength) {
        const callee = this.program.functionAt(stop.pc);
        if (callee?.hasLineInfo) {
          const body = this.program.stepIntoAddress(callee);
          if (body !== stop.pc) stop = await this.runTo(body, async () => true, signal);
          return { stop, reason: 'step' };
        }
        const startCfa = start.frame.cfa;
        stop = await this.runTo(pc + instruction.byteLength, async () => (await this.frameHere()).cfa === startCfa, signal);
      }
      const view = this.view(stop.pc);
      if (instruction?.isReturn || !this.inFunctionOf(start, stop.pc) || view.depth < start.inlineDepth) {
        // Back in the caller (or out of an inlined body). GDB (infrun.c process_event_stop_test)
        // stops only at the start of a statement of another line than the one it is stepping;
        // otherwise, usually mid-statement, it steps on in the caller's line (set_step_info).
        if (!view.position) return { stop, reason: 'step' };
        if (view.statementStart && !samePosition(view.position, start.position)) return { stop, reason: 'step' };
        const entryOfOtherLine = this.atLineEntry(stop.pc) && !view.statementStart && !samePosition(view.position, start.position);
        // At a non-statement entry of another line GDB forgets the line, so that any statement
        // start ends the step, even one on that same line.
        start = entryOfOtherLine ? { ...(await this.startHere()), position: undefined } : await this.startHere();
        continue;
      }
      if (view.depth > start.inlineDepth) {
        // Inside an inlined call: `into` stops at its first statement, `over` runs through it.
        if (kind === 'into' && view.statementStart) return { stop, reason: 'step' };
        continue;
      }
      // Arriving at an inlined call (GDB infrun "stepped into inlined function"): stop at the call
      // site when it is another line; on the same line `over` runs through the body, `into` enters it.
      if (view.hiddenInlined > 0) {
        const sameLine = samePosition(view.position, start.position);
        if (kind === 'into' && sameLine) revealInlineFrames(stop, 1);
        if (kind === 'into' || !sameLine) return { stop, reason: 'step' };
        continue;
      }
      if (view.statementStart && !samePosition(view.position, start.position)) return { stop, reason: 'step' };
    }
  }

  /** True when a line entry starts at `pc` (a row GDB records, is_stmt or not: ROW_LINE_ENTRY). */
  private atLineEntry(pc: number): boolean {
    return this.program.lineAt(pc)?.address === pc;
  }

  /**
   * `finish`: runs to the caller's PC and accepts the halt there only in the caller's frame (its
   * CFA), so a recursive call returning to the same address is not mistaken for it. From an
   * exception handler the caller is the interrupted code. An inlined frame is left by stepping
   * until the PC leaves its body. `thenFinishLine` continues to the next line start (GDB's `next`
   * in a function without line information).
   */
  private async stepOut(signal: AbortSignal | undefined, thenFinishLine = false): Promise<StepOutcome> {
    // The stack ends at main as the call stack shows it, so `main` has no caller to return to and
    // Step Out there is refused before anything runs (GDB: '"finish" not meaningful in the
    // outermost frame.'), instead of letting firmware that never returns run on.
    const unwinder = this.unwinder(revealedInlineFrames(this.target.currentStop), true);
    const frame = await unwinder.frame(0);
    if (!frame) throw new UserError('cannot step out: the PC cannot be read');
    let stop: TargetStop;
    if (frame.inlined) {
      return this.stepOnInCaller(await this.leaveInlined(frame, signal), signal);
    } else {
      // Functions that tail-called this one have nothing left to return to (GDB's finish:
      // skip_tailcall_frames): the return goes to the first real caller.
      let caller = await unwinder.frame(1);
      while (caller?.tailCall) caller = await unwinder.frame(caller.index + 1);
      if (!caller) throw new UserError(`cannot step out of ${frame.function ?? frame.symbol ?? 'this frame'}: it is the outermost frame ("finish" not meaningful in the outermost frame, as GDB says)`);
      stop = await this.runTo(caller.pc, async () => (await this.frameHere()).cfa === caller.cfa, signal);
    }
    if (thenFinishLine && this.view(stop.pc).position) return this.stepLine('over', signal);
    return { stop, reason: 'step' };
  }

  /**
   * The rest of a Step Out of an inlined frame, once its body is left at `stop`. GDB's finish there
   * is a `next` in the caller with no line yet (infcmd.c finish_command: set_step_info with an
   * empty sal, STEP_OVER_ALL), so it stops at once only where the PC starts a statement or an
   * inlined call's hidden entry; at a non-statement entry it steps on with the line still unknown
   * (infrun.c "not the start of a statement"), and mid-line it steps to that line's end. At -Os,
   * round_once inlined in main is left at 0x800015e, a non-statement entry of line 25: GDB steps
   * on to 0x8000160, where round_once's next range begins, and stops at its call site, line 24.
   */
  private async stepOnInCaller(stop: TargetStop, signal: AbortSignal | undefined): Promise<StepOutcome> {
    const view = this.view(stop.pc);
    if (!view.position || view.hiddenInlined > 0 || view.statementStart) return { stop, reason: 'step' };
    const start = await this.startHere();
    return this.stepLine('over', signal, this.atLineEntry(stop.pc) ? { ...start, position: undefined } : start);
  }

  /** Steps (over calls) until the PC leaves the inlined body `frame` is in. */
  private async leaveInlined(frame: StackFrame, signal: AbortSignal | undefined): Promise<TargetStop> {
    const depth = frame.id.inlineDepth;
    let pc = frame.pc;
    for (;;) {
      this.checkAbort(signal, undefined);
      const instruction = await this.instructionAt(pc);
      const cfa = frame.cfa;
      // A call: straight to its return address (see stepLine).
      const stop = instruction?.isCall
        ? await this.runTo(pc + instruction.byteLength, async () => (await this.frameHere()).cfa === cfa, signal)
        : await this.stepInstruction();
      if (instruction?.isReturn || this.view(stop.pc).depth < depth) return stop;
      pc = stop.pc;
    }
  }

  /**
   * Resumes until the PC reaches `address` with `accept()` true, through a temporary breakpoint
   * (halts there that `accept` refuses, e.g. deeper recursion, resume again). Without a free
   * comparator it single-steps instead. A halt elsewhere ends the step as Interrupted.
   */
  private async runTo(address: number, accept: () => Promise<boolean>, signal: AbortSignal | undefined): Promise<TargetStop> {
    const breakpoint = await this.temporaryBreakpoint(address);
    return breakpoint ? this.runToBreakpoint(address, breakpoint, accept, signal) : this.stepTo(address, accept, signal);
  }

  /** A temporary breakpoint at `address`, or undefined when none can be set (no free comparator). */
  private async temporaryBreakpoint(address: number): Promise<StepBreakpoint | undefined> {
    try {
      return await this.options.breakpoints.addTemporary(address);
    } catch {
      return undefined;
    }
  }

  /** runTo once `breakpoint` is set at `address`: resumes until `accept`, removes it in any case. */
  private async runToBreakpoint(address: number, breakpoint: StepBreakpoint, accept: () => Promise<boolean>, signal: AbortSignal | undefined): Promise<TargetStop> {
    try {
      for (;;) {
        const stop = await this.resumeUntilHalt(signal);
        if (stop.pc !== address) throw new Interrupted({ stop, reason: stop.reason });
        if (await accept()) return this.userBreakpointCheck(stop);
      }
    } finally {
      await breakpoint.remove();
    }
  }

  /** runTo without a breakpoint: one instruction at a time. */
  private async stepTo(address: number, accept: () => Promise<boolean>, signal: AbortSignal | undefined): Promise<TargetStop> {
    for (;;) {
      this.checkAbort(signal, undefined);
      const stop = await this.stepInstruction();
      if (stop.pc === address && (await accept())) return stop;
    }
  }

  /**
   * One instruction, and on in the same round trip while the PC stays where the loop of stepLine
   * would only step again (lineRange.ts): the same stops, one request for many instructions
   * (STEP_RANGE_LIMITS). A call or a return at `pc` is stepped alone: stepLine decides after it.
   */
  private async stepThroughLine(pc: number, instruction: DecodedInstruction | undefined, kind: 'over' | 'into', start: StepStart, signal: AbortSignal | undefined): Promise<TargetStop> {
    if (!this.target.stepInRange || !instruction || instruction.isCall || instruction.isReturn) return this.stepInstruction();
    const range = passingRange(pc, {
      instructionAt: (address) => this.elfInstructionAt(address),
      rowStart: (address) => this.program.lineAt(address)?.address,
      passes: (address) => this.passesThrough(address, kind, start),
    });
    if (!range) return this.stepInstruction();
    const ahead = await this.runAhead(pc, instruction, range.hi, signal);
    if (ahead) return ahead;
    return this.userBreakpointCheck(await this.target.stepInRange(range.lo, range.hi, STEP_RANGE_LIMITS));
  }

  /**
   * Runs with a temporary breakpoint to the first instruction of [pc, hi) that may leave straight
   * flow or writes SP (straightLine.ts), when that is two or more instructions ahead: what
   * stepInRange would step one by one, at the cost of one run (LLDB's ThreadPlanStepRange runs to
   * the next branch). Undefined (step instead) without a free comparator, or inside a conditional
   * block (Thumb IT). Interrupts run during the run, as in a `next` over a call: a user breakpoint
   * one of them hits is the stop (runTo), and a halt at the breakpoint with another SP (an
   * interrupt running this code) is run on: no instruction of the run writes SP, so this
   * activation arrives with the SP it left with.
   */
  private async runAhead(pc: number, instruction: DecodedInstruction, hi: number, signal: AbortSignal | undefined): Promise<TargetStop | undefined> {
    const { architecture } = this.options;
    const end = straightLineEnd(pc, hi, (address) => this.elfInstructionAt(address), architecture);
    const registers = this.target.currentStop?.snapshot.registers;
    const spName = architecture.dwarfRegisterNames[architecture.spRegister];
    const sp = registers?.get(spName);
    if (end <= pc + instruction.byteLength || !registers || sp === undefined || architecture.inConditionalBlock(registers)) return undefined;
    const breakpoint = await this.temporaryBreakpoint(end);
    return breakpoint && this.runToBreakpoint(end, breakpoint, async () => this.target.currentStop?.snapshot.registers.get(spName) === sp, signal);
  }

  /**
   * Whether stepLine, arriving at `address` by one step of a plain instruction, would step again
   * with nothing changed, and the instruction there is no call or return: its tests, in its order.
   */
  private passesThrough(address: number, kind: 'over' | 'into', start: StepStart): boolean {
    const instruction = this.elfInstructionAt(address);
    if (!instruction || instruction.invalid || instruction.isCall || instruction.isReturn) return false;
    if (this.options.breakpoints.hasUserBreakpoint(address) || !this.inFunctionOf(start, address)) return false;
    const view = this.view(address);
    if (view.depth < start.inlineDepth) return false;
    if (view.depth > start.inlineDepth) return kind === 'over' || !view.statementStart;
    if (view.hiddenInlined > 0) return false;
    return !(view.statementStart && !samePosition(view.position, start.position));
  }

  /** One instruction; arriving on a user breakpoint ends the step there as a hit, as in GDB. */
  private async stepInstruction(): Promise<TargetStop> {
    return this.userBreakpointCheck(await this.target.stepInstruction());
  }

  private userBreakpointCheck(stop: TargetStop): TargetStop {
    if (this.options.breakpoints.hasUserBreakpoint(stop.pc)) throw new Interrupted({ stop, reason: 'breakpoint' });
    return stop;
  }

  /** Resumes and waits for the next halt, or halts the target when `signal` aborts. */
  private async resumeUntilHalt(signal: AbortSignal | undefined): Promise<TargetStop> {
    this.checkAbort(signal, undefined);
    const aborted = new AbortController();
    const onAbort = (): void => aborted.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const halted = this.target.stopped.next(() => true, aborted.signal);
    halted.catch(() => undefined);
    try {
      await this.target.resume();
      return await halted;
    } catch (error) {
      if (!signal?.aborted) throw error;
      throw new Interrupted({ stop: await this.target.halt(), reason: 'pause' });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private checkAbort(signal: AbortSignal | undefined, stop: TargetStop | undefined): void {
    if (!signal?.aborted) return;
    if (stop) throw new Interrupted({ stop, reason: 'pause' });
    throw new AbortedBeforeStop();
  }

  private async startHere(): Promise<StepStart> {
    const frame = await this.frameHere();
    const stop = this.target.currentStop;
    const view = this.view(frame.pc, stop?.pc === frame.pc ? revealedInlineFrames(stop) : 0);
    return { frame, position: view.position, inlineDepth: view.depth, hiddenInlined: view.hiddenInlined };
  }

  private view(pc: number, revealInlined = 0): PcView {
    const frames = this.program.sourceFramesAt(pc, { hideInlinedAtEntry: true, revealInlined });
    const row = this.program.lineAt(pc);
    return {
      depth: frames.length - 1,
      position: frames[0].source,
      statementStart: row !== undefined && row.address === pc && row.isStmt,
      hiddenInlined: this.program.sourceFramesAt(pc).length - frames.length,
    };
  }

  /** The innermost frame at the current halt (fresh registers). */
  private async frameHere(): Promise<StackFrame> {
    const frame = await this.unwinder().frame(0);
    if (!frame) throw new UserError('the PC cannot be read');
    return frame;
  }

  private unwinder(revealInlined = 0, stopAtMain = false): StackUnwinder {
    const memory = this.options.frameMemory?.() ?? targetFrameMemory(this.target);
    return new StackUnwinder(this.program, memory, { architecture: this.options.architecture, stopAtMain, revealInlined });
  }

  /** True when `pc` is in the concrete function the step started in. */
  private inFunctionOf(start: StepStart, pc: number): boolean {
    const fn = this.program.functionAt(pc);
    return fn !== undefined && fn.name === start.frame.id.function;
  }

  /** The instruction at `pc` in the ELF file, if it holds the address. */
  private elfInstructionAt(pc: number): DecodedInstruction | undefined {
    const bytes = this.program.bytesAt(pc, 4) ?? this.program.bytesAt(pc, 2);
    return bytes ? this.decoder.decode(bytes, pc, 1)[0] : undefined;
  }

  /** The instruction at `pc`: from the ELF file when it holds the address, else from the target. */
  private async instructionAt(pc: number): Promise<DecodedInstruction | undefined> {
    let bytes = this.program.bytesAt(pc, 4) ?? this.program.bytesAt(pc, 2);
    if (!bytes) {
      const [read] = await this.target.readMemory([{ address: pc, byteLength: 4 }]);
      bytes = read instanceof Uint8Array ? read : undefined;
    }
    return bytes ? this.decoder.decode(bytes, pc, 1)[0] : undefined;
  }
}

/** Same file and line (columns do not make a new line for stepping, as in GDB). */
function samePosition(a: SourcePosition | undefined, b: SourcePosition | undefined): boolean {
  return a?.line === b?.line && a?.path === b?.path;
}

/** The user paused before the step had moved the target: the step reports a pause at the current halt. */
class AbortedBeforeStop extends Error {}
