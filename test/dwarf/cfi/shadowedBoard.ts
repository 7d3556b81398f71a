// Test helper: the test firmware on the simulated Cortex-M0 board, stepped one instruction at a
// time with a shadow stack of the true caller state at every BL/BLX, plus a CFI unwinder loop.
import { ARM_UNWIND_ABI, CallFrameInfo, UnwindResult, stripThumbBit, unwindFrameSync } from '../../../src/dwarf';
import { Stm32f030Board, segmentsFromElf } from '../../sim/board';

export const calleeSaved = [4, 5, 6, 7, 8, 9, 10, 11];

/** The caller's state at a call instruction: what unwinding the callee must give back. */
export interface CallSite {
  readonly returnAddress: number;
  readonly sp: number;
  readonly saved: readonly number[];
}

/** Steps the board one instruction at a time, keeping a shadow stack of call sites. */
export class ShadowedBoard {
  readonly board = new Stm32f030Board();
  readonly calls: CallSite[] = [];

  constructor(image: Uint8Array) {
    this.board.loadFirmware(segmentsFromElf(image));
  }

  reg(n: number): number {
    return this.board.cpu.readRegister(n);
  }

  step(): void {
    const pc = this.reg(15);
    const before = { sp: this.reg(13), saved: calleeSaved.map((n) => this.reg(n)) };
    // BL is 32 bits (11110... 11x1...), BLX Rm 16 bits (010001111...000) (ARMv6-M A6.7.13-14).
    const first = this.halfword(pc);
    const isBl = (first & 0xf800) === 0xf000 && (this.halfword(pc + 2) & 0xd000) === 0xd000;
    const isBlx = (first & 0xff87) === 0x4780;
    this.board.run(1);
    const newPc = this.reg(15);
    const returnAddress = pc + (isBl ? 4 : 2);
    // The call happened if LR now holds its Thumb return address (an exception may preempt it).
    if ((isBl || isBlx) && this.reg(14) === (returnAddress | 1)) this.calls.push({ returnAddress, ...before });
    const top = this.calls[this.calls.length - 1];
    if (top && newPc === top.returnAddress && this.reg(13) === top.sp) this.calls.pop();
  }

  /**
   * True when `pc` starts a run of frame-restoring Thumb instructions (add sp,#imm; pop without pc;
   * mov rH,rL) ending in a return (pop {..,pc}; bx lr). GCC's ARM back end emits no CFI for
   * epilogues, so the CFA rule there is stale; GDB uses a separate epilogue unwinder for this.
   */
  inEpilogue(pc: number): boolean {
    for (let at = pc; at < pc + 32; at += 2) {
      const op = this.halfword(at);
      if ((op & 0xff00) === 0xbd00 || op === 0x4770) return true;
      const restoresFrame = (op & 0xff80) === 0xb000 || (op & 0xff00) === 0xbc00 || (op & 0xff80) === 0x4680;
      if (!restoresFrame) return false;
    }
    return false;
  }

  private halfword(address: number): number {
    return this.board.systemBus.read(address, 2, 'debugger') ?? 0;
  }

  /** A synchronous frame reader over the board's live registers and memory. */
  memory(address: bigint, byteSize: number): Uint8Array | undefined {
    const out = new Uint8Array(byteSize);
    for (let i = 0; i < byteSize; i++) {
      const value = this.board.systemBus.read(Number(address) + i, 1, 'debugger');
      if (value === undefined) return undefined;
      out[i] = value;
    }
    return out;
  }
}

/** Unwinds from the board's current state until CFI runs out; returns every step's result. */
export function unwindAll(cfi: CallFrameInfo, sim: ShadowedBoard): UnwindResult[] {
  let registers = new Map<number, bigint | undefined>(ARM_UNWIND_ABI.registers.map((n) => [n, BigInt(sim.reg(n))]));
  let pc = BigInt(sim.reg(15));
  const results: UnwindResult[] = [];
  for (let depth = 0; depth < 64; depth++) {
    const current = registers;
    const result = unwindFrameSync(cfi, { pc, pcIsReturnAddress: depth > 0 }, ARM_UNWIND_ABI, {
      readRegister: (n) => current.get(n),
      readMemory: (address, byteSize) => sim.memory(address, byteSize),
    });
    results.push(result);
    if (result.kind !== 'unwound' || result.returnAddress === undefined) break;
    registers = new Map([...result.registers].map(([n, r]) => [n, 'value' in r ? r.value : undefined]));
    pc = stripThumbBit(result.returnAddress);
  }
  return results;
}
