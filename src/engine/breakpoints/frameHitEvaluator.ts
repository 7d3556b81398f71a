// The HitEvaluator of one stop of a thread: C expressions in its innermost frame (inlined calls
// at the breakpoint revealed, as the stack shows them) read through the stop cache. It remembers
// the memory it read beyond the halt's snapshot, for the next halts to read in their own request.
import type { DebugThread } from '../debugThread';
import { FrameInspector } from '../expressions';
import type { Program } from '../program';
import { StackUnwinder } from '../stack';
import { revealInlinedAtUserBreakpoint } from '../stepping/inlineReveal';
import type { MemoryRange } from '../target';
import { MemoryCache } from '../values';
import type { HitEvaluator } from './breakpointHit';

/** Makes the evaluator of a thread's current stop (Debugger.evaluateBreakpointsWith). */
export type HitEvaluatorFactory = (thread: DebugThread) => HitEvaluator & { readonly extraReads: readonly MemoryRange[] };

/** Evaluates in `program` (the ELF the target runs). */
export function frameHitEvaluators(program: Program): HitEvaluatorFactory {
  return (thread) => new FrameHitEvaluator(program, thread);
}

class FrameHitEvaluator implements HitEvaluator {
  /** Memory the expressions read that the halt's snapshot (stack window, stop reads) did not hold. */
  readonly extraReads: MemoryRange[] = [];
  private inspector: Promise<FrameInspector> | undefined;

  constructor(
    private readonly program: Program,
    private readonly thread: DebugThread,
  ) {}

  async condition(expression: string): Promise<boolean> {
    return (await this.frame()).condition(expression);
  }

  async value(expression: string): Promise<string> {
    return (await (await this.frame()).evaluate(expression)).value;
  }

  private frame(): Promise<FrameInspector> {
    this.inspector ??= this.inspect();
    return this.inspector;
  }

  private async inspect(): Promise<FrameInspector> {
    const cache = this.thread.cache('evaluate a breakpoint condition');
    const { stop } = cache;
    const architecture = this.thread.target.architecture;
    const unwinder = new StackUnwinder(this.program, cache.frameMemory(), { architecture, revealInlined: revealInlinedAtUserBreakpoint(this.program, stop, this.thread.breakpoints.userBreakpointFunctionsAt(stop.pc)) });
    // The caller too: an argument's entry value (DW_OP_entry_value) is read from its call site.
    const { frames } = await unwinder.slice(0, 2);
    const held = [stop.snapshot.stackWindow, ...(stop.snapshot.memory ?? [])];
    const memory = new MemoryCache({
      readMemory: (ranges) => {
        for (const range of ranges) {
          if (!held.some((block) => range.address >= block.address && range.address + range.byteLength <= block.address + block.bytes.length)) this.extraReads.push(range);
        }
        return cache.readMemory(ranges);
      },
    });
    return new FrameInspector(this.program, frames, 0, memory, { architecture });
  }
}
