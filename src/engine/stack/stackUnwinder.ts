// The call stack of one halt: machine frames unwound with DWARF CFI, by prologue analysis, through
// hardware-stacked exception frames and from a trap handler to its trap's PC (all per the
// Architecture), each expanded into its inlined source frames, with the frames tail calls left
// none of (from call-site DIEs). Lazy: frames are unwound only as far as asked. Reads the target
// only through FrameMemory; knows nothing of DAP.
import { unwindFrameAsync } from '../../dwarf';
import type { Architecture } from '../arch/architecture';
import type { Program, SourcePosition } from '../program';
import type { FrameMemory } from './frameMemory';
import { tailCallChain } from './tailCallChain';

/** Which frame this is, for stepping: same function and same CFA means the same activation. */
export interface FrameId {
  /** Name of the concrete function, or the hex PC when unknown. */
  readonly function: string;
  readonly cfa: number | undefined;
  /** 0 for the concrete function's frame, k for the k-th inlined call inside it (innermost highest). */
  readonly inlineDepth: number;
}

/** One frame of the call stack, innermost first. */
export interface StackFrame {
  readonly index: number;
  /** The frame's PC: the stop address for frame 0 and interrupted code, a return address for callers. */
  readonly pc: number;
  /** The function (or inlined function), or undefined without debug info or symbol. */
  readonly function: string | undefined;
  readonly source: SourcePosition | undefined;
  /** `func+0x12` from the ELF symbols (shown for code without debug information). */
  readonly symbol: string | undefined;
  readonly inlined: boolean;
  /** True for the frame interrupted by an exception (the one below `<exception>` in GDB's terms). */
  readonly interrupted: boolean;
  /**
   * True for a function that tail-called the frame below it (GDB's TAILCALL_FRAME): it has no
   * frame of its own any more, its PC is its tail-call site's DW_AT_call_return_pc and its
   * registers and CFA are those of the frame below's caller. Step Out passes over it.
   */
  readonly tailCall: boolean;
  /** The CFA of the machine frame (DWARF5 6.4): the caller's SP at the call. */
  readonly cfa: number | undefined;
  readonly id: FrameId;
  /** Registers known in this frame by DWARF number (callee-saved ones through CFI). */
  readonly registers: ReadonlyMap<number, bigint>;
}

/** A slice of the stack; `totalFrames` is known once the unwind reached its end. */
export interface StackSlice {
  readonly frames: readonly StackFrame[];
  readonly totalFrames: number | undefined;
  /** Why the stack ends where it does, once known (e.g. "reached main", "no CFI at 0x..."). */
  readonly endReason: string | undefined;
}

export interface StackUnwinderOptions {
  /** The core's architecture (Target.architecture): register names and numbers, prologues, exception frames. */
  readonly architecture: Architecture;
  /** Stop after `main` as GDB does (`set backtrace past-main off`); default true. */
  readonly stopAtMain?: boolean;
  /**
   * Inlined calls starting at the stop PC that a step entered without moving (see
   * `revealedInlineFrames` of stepping); others at their entry stay hidden, as GDB shows them.
   */
  readonly revealInlined?: number;
  /** Bound on machine frames; default 256. */
  readonly maxFrames?: number;
}

/** How far into a function its prologue is looked for. */
const MAX_PROLOGUE_BYTES = 64;

/** A machine frame still to be expanded and unwound. */
interface MachineFrame {
  readonly pc: number;
  readonly registers: ReadonlyMap<number, bigint>;
  readonly pcIsReturnAddress: boolean;
  readonly interrupted: boolean;
}

/** Unwinds the stack of one halt on demand. Make a new one (with new FrameMemory) after a resume. */
export class StackUnwinder {
  private readonly frames: StackFrame[] = [];
  private next: MachineFrame | undefined;
  private started = false;
  private endReason: string | undefined;
  private machineCount = 0;
  /** A trap handler frame was unwound to its trap's PC: mepc names the innermost trap only, so once. */
  private trapReturnSeen = false;
  private readonly seen = new Set<string>();
  private readonly arch: Architecture;

  constructor(
    private readonly program: Program,
    private readonly memory: FrameMemory,
    private readonly options: StackUnwinderOptions,
  ) {
    this.arch = options.architecture;
  }

  /** Frames [start, start + levels), unwinding as far as needed (DAP stackTrace with delayed loading). */
  async slice(start: number, levels: number): Promise<StackSlice> {
    await this.extendTo(start + levels);
    const complete = this.endReason !== undefined;
    return { frames: this.frames.slice(start, start + levels), totalFrames: complete ? this.frames.length : undefined, endReason: this.endReason };
  }

  /** Frame `index`, or undefined beyond the end of the stack. */
  async frame(index: number): Promise<StackFrame | undefined> {
    await this.extendTo(index + 1);
    return this.frames[index];
  }

  /** Every frame, up to the bound. */
  async all(): Promise<StackSlice> {
    return this.slice(0, Number.MAX_SAFE_INTEGER);
  }

  private async extendTo(count: number): Promise<void> {
    if (!this.started) {
      this.started = true;
      const names = this.arch.dwarfRegisterNames;
      const values = await this.memory.registers();
      const registers = new Map<number, bigint>();
      names.forEach((name, number) => {
        const value = values.get(name);
        if (value !== undefined) registers.set(number, value);
      });
      const pc = registers.get(this.arch.pcRegister);
      if (pc === undefined) {
        this.endReason = 'the PC cannot be read';
        return;
      }
      this.next = { pc: this.arch.codeAddress(pc), registers, pcIsReturnAddress: false, interrupted: false };
    }
    while (this.frames.length < count && this.next && this.endReason === undefined) await this.unwindOne(this.next);
  }

  /** Expands machine frame `frame` into source frames and computes its caller. */
  private async unwindOne(frame: MachineFrame): Promise<void> {
    this.next = undefined;
    const index = this.machineCount++;
    const result = await unwindFrameAsync(this.program.cfi, { pc: BigInt(frame.pc), pcIsReturnAddress: frame.pcIsReturnAddress }, this.arch.unwindAbi, {
      readRegister: (number) => frame.registers.get(number),
      readMemory: (address, byteSize) => this.memory.readMemory(Number(address), byteSize),
    });
    let cfa: number | undefined;
    let caller: MachineFrame | undefined;
    let callerReason: string | undefined;
    let callerRegisters = new Map<number, bigint>();
    let returnAddress: bigint | undefined;
    if (result.kind === 'unwound') {
      cfa = Number(result.cfa);
      for (const [number, value] of result.registers) if ('value' in value) callerRegisters.set(number, value.value);
      returnAddress = result.returnAddress;
      if (returnAddress === undefined) callerReason = `no return address in ${this.describe(frame.pc)} (outermost frame)`;
    } else if (result.kind === 'noCfi') {
      // Code without CFI (assembly routines): read its prologue, as GDB does.
      // The link register (LR, ra) still holds the return address of the innermost frame and of
      // an interrupted one (the exception entry stacked it, ARMv6-M B1.5.6), not of a caller
      // whose call overwrote it.
      const fromPrologue = await this.unwindByPrologue(frame, index === 0 || frame.interrupted);
      if (typeof fromPrologue === 'string') callerReason = `${result.reason}; ${fromPrologue}`;
      else ({ cfa, registers: callerRegisters, returnAddress } = fromPrologue);
    } else {
      callerReason = result.reason;
    }

    this.pushSourceFrames(frame, cfa, false);

    if (returnAddress !== undefined && callerReason === undefined) {
      // The link register's reset value marks the outermost frame. Checked before exception
      // returns: ARM's 0xFFFFFFFF is no EXC_RETURN (ARMv7-M B1.5.8: bits 3:0 are 0001, 1001 or
      // 1101), and reading it as one would pop a frame at PSP's reset value, which OpenOCD logs as an error.
      const exceptionReturn = this.arch.exceptionReturn;
      const trapPc = await this.trapReturnPc(frame);
      if (trapPc !== undefined) {
        // The handler's CFI restored the interrupted registers; its return (MRET) goes to mepc.
        callerRegisters.set(this.arch.pcRegister, BigInt(trapPc));
        caller = { pc: trapPc, registers: callerRegisters, pcIsReturnAddress: false, interrupted: true };
      } else if (this.arch.isOutermostReturnAddress(returnAddress)) {
        callerReason = `the return address of ${this.describe(frame.pc)} is 0x${returnAddress.toString(16)} (outermost frame)`;
      } else if (exceptionReturn?.matches(returnAddress)) {
        const stacked = cfa === undefined ? 'the handler\'s CFA is unknown' : await exceptionReturn.pop(returnAddress, cfa, this.memory);
        if (typeof stacked === 'string') callerReason = stacked;
        else {
          const registers = new Map(callerRegisters);
          for (const [number, value] of stacked.registers) registers.set(number, value);
          caller = { pc: stacked.pc, registers, pcIsReturnAddress: false, interrupted: true };
        }
      } else {
        const pc = this.arch.codeAddress(returnAddress);
        callerRegisters.set(this.arch.pcRegister, BigInt(pc));
        caller = { pc, registers: callerRegisters, pcIsReturnAddress: true, interrupted: false };
        // GDB builds tail-call frames only over a CFI unwind (dwarf2/frame.c calls
        // dwarf2_tailcall_sniffer_first), looking the callee up where the frame's PC is in its block.
        if (result.kind === 'unwound' && !(this.options.stopAtMain !== false && this.frames[this.frames.length - 1]?.function === 'main')) {
          const lookup = frame.pcIsReturnAddress ? frame.pc - 1 : frame.pc;
          for (const sitePc of tailCallChain(this.program, pc, lookup, (address) => this.arch.codeAddress(BigInt(address)))) {
            const registers = new Map(callerRegisters);
            registers.set(this.arch.pcRegister, BigInt(sitePc));
            this.pushSourceFrames({ pc: sitePc, registers, pcIsReturnAddress: true, interrupted: false }, cfa, true);
          }
        }
      }
    }

    if (caller) {
      const key = `${caller.pc}:${numberOf(caller.registers.get(this.arch.spRegister))}`;
      const last = this.frames[this.frames.length - 1];
      // GDB stops past main only in a normal frame (frame.c get_prev_frame: NORMAL_FRAME).
      if (this.options.stopAtMain !== false && last?.function === 'main' && !last.tailCall) callerReason = 'reached main';
      else if (this.seen.has(key)) callerReason = `the caller of ${this.describe(frame.pc)} repeats a frame (same PC and SP): corrupt stack`;
      else if (this.machineCount >= (this.options.maxFrames ?? 256)) callerReason = `stopped after ${this.machineCount} frames`;
      this.seen.add(key);
    }
    if (callerReason !== undefined || !caller) this.endReason = callerReason ?? 'end of stack';
    else this.next = caller;
  }

  /**
   * Where the trap handler `frame` is in returns to: the trap's PC when the frame's function starts
   * at the trap entry (Architecture.trapEntry: RISC-V's mtvec; MRET returns to mepc, Privileged
   * Spec 3.3.2), else undefined. The stop's trap registers describe the innermost trap only.
   */
  private async trapReturnPc(frame: MachineFrame): Promise<number | undefined> {
    const trapEntry = this.arch.trapEntry;
    if (!trapEntry || this.trapReturnSeen) return undefined;
    const start = this.program.functionStartAt(frame.pcIsReturnAddress ? frame.pc - 1 : frame.pc);
    if (start === undefined) return undefined;
    const registers = await this.memory.registers();
    if (trapEntry.entryAddress(registers) !== start) return undefined;
    this.trapReturnSeen = true;
    return trapEntry.decode(registers)?.pc;
  }

  /**
   * CFA and caller registers from the prologue before the PC, as GDB's arm_scan_prologue and
   * riscv_scan_prologue. Without a saved link register the function is a leaf (or tail-branched
   * to, like libgcc's `__aeabi_uidivmod`) that still holds its return address there, which only a
   * frame with `liveLr` can rely on (for the others, their own call overwrote it).
   */
  private async unwindByPrologue(frame: MachineFrame, liveLr: boolean): Promise<{ cfa: number; registers: Map<number, bigint>; returnAddress: bigint } | string> {
    const lookup = frame.pcIsReturnAddress ? frame.pc - 1 : frame.pc;
    const { spRegister, returnAddressRegister } = this.arch;
    const sp = frame.registers.get(spRegister);
    if (sp === undefined) return 'SP cannot be read';
    // Code the program does not describe (no symbol: e.g. code loaded into RAM) is taken for a
    // leaf that has not moved SP, which only a frame with a live LR can be.
    const start = this.program.functionStartAt(lookup);
    if (start === undefined && !liveLr) return 'and no symbol gives its function\'s start';
    const code = start === undefined ? new Uint8Array(0) : this.program.bytesAt(start, Math.min(frame.pc - start, MAX_PROLOGUE_BYTES)) ?? new Uint8Array(0);
    const prologue = this.arch.analyzePrologue(code, start ?? frame.pc, frame.pc);
    const cfa = Number(sp) + prologue.cfaOffset;
    const registers = new Map(frame.registers);
    for (const number of this.arch.unwindAbi.callerSavedRegisters) registers.delete(number);
    registers.set(spRegister, BigInt(cfa));
    for (const [number, offset] of prologue.savedAt) {
      const bytes = await this.memory.readMemory(cfa + offset, 4);
      if (!bytes) return `the register save slot at 0x${(cfa + offset).toString(16)} cannot be read`;
      registers.set(number, BigInt(new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true)));
    }
    if (!prologue.savedAt.has(returnAddressRegister) && !liveLr) return 'its prologue saves no return address';
    const returnAddress = registers.get(returnAddressRegister);
    if (returnAddress === undefined) return 'the link register cannot be read';
    return { cfa, registers, returnAddress };
  }

  private pushSourceFrames(frame: MachineFrame, cfa: number | undefined, tailCall: boolean): void {
    // A return address may lie just past a call that ends its function or inlined block: look up
    // the call instruction itself (GDB's get_frame_address_in_block).
    const lookup = frame.pcIsReturnAddress ? frame.pc - 1 : frame.pc;
    // At the stop itself, inlined calls that have not run an instruction yet are not shown (GDB).
    const sourceFrames = this.program.sourceFramesAt(lookup, { hideInlinedAtEntry: this.frames.length === 0, revealInlined: this.options.revealInlined });
    const concrete = sourceFrames[sourceFrames.length - 1];
    const functionName = concrete.function ?? `0x${frame.pc.toString(16)}`;
    sourceFrames.forEach((source, i) => {
      this.frames.push({
        index: this.frames.length,
        pc: frame.pc,
        function: source.function,
        source: source.source,
        symbol: this.program.symbolText(frame.pc),
        inlined: source.inlined,
        interrupted: frame.interrupted && i === 0,
        tailCall,
        cfa,
        id: { function: functionName, cfa, inlineDepth: sourceFrames.length - 1 - i },
        registers: frame.registers,
      });
    });
  }

  private describe(pc: number): string {
    return this.program.symbolText(pc) ?? `0x${pc.toString(16)}`;
  }
}

function numberOf(value: bigint | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/** True when two frame ids name the same activation (DWARF5 6.4: the CFA identifies it). */
export function sameFrame(a: FrameId, b: FrameId): boolean {
  return a.function === b.function && a.cfa === b.cfa && a.inlineDepth === b.inlineDepth;
}
