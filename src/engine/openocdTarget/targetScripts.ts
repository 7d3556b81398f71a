// The Tcl scripts OpenocdTarget sends and the parsers of their replies: set-up facts, the stop
// snapshot, memory pieces. Every value reaches Tcl through tclQuote/tclHex; no sockets here.
import { capturedPoll, tclHex, tclList, tclListOf, tclQuote, unparsable, type MemoryPiece } from '../../openocd';
import { cpuidPartno, SYSTEM_REGION_ADDRESS, VTOR_ADDRESS, XPSR_THUMB } from '../arch';
import type { ImageEntry } from '../target';


/** Byte size of the blocks the stack window is read in; a failing block ends the window. */
export const STACK_BLOCK_BYTES = 64;

/**
 * How a step from a breakpoint's address gets past it: `lift` runs before the step and `restore`
 * after it, in the same request (see liftOwnBreakpoint, liftSharedBreakpoint).
 */
export interface LiftedBreakpoint {
  readonly lift: string;
  readonly restore: string;
}

/** Scripts for one target: every one selects the target first, so one client can serve several. */
export class TargetScripts {
  private readonly quoted: string;

  /**
   * `forceRegisterReads`: read registers from the core, not OpenOCD's cache. The riscv target
   * (0.12) reads only dpc and dcsr on a halt and leaves the other registers' cached values, stale
   * since the last resume, marked invalid; `get_reg` without -force returns those. cortex_m reads
   * every core register on debug entry (cortex_m_debug_entry), so its cache is current.
   * `stackLimit`: no stack lies at or above it (Cortex-M's System region), so no stack window reaches it.
   */
  constructor(readonly targetName: string, private readonly forceRegisterReads = false, private readonly stackLimit?: number) {
    this.quoted = tclQuote(targetName);
  }

  /** Scripts for a cortex_m target: no stack window reaches the System region. */
  static forCortexM(targetName: string): TargetScripts {
    return new TargetScripts(targetName, false, SYSTEM_REGION_ADDRESS);
  }

  /** `targets NAME; BODY`: commands without a target prefix (bp, wp, step, poll...) act on the current target. */
  onTarget(body: string): string {
    return `targets ${this.quoted}; ${body}`;
  }

  /** `NAME cget -type`. */
  type(): string {
    return `${this.quoted} cget -type`;
  }

  /** The `reg` listing (names of the core register cache). */
  registerList(): string {
    return this.onTarget('reg');
  }

  readWord(address: number): string {
    return `${this.quoted} read_memory ${tclHex(address)} 32 1`;
  }

  /** The initial main stack pointer: word 0 of the vector table that VTOR points at (ARMv7-M B1.5.3). */
  initialStackPointer(): string {
    return `set v [lindex [${this.quoted} read_memory ${tclHex(VTOR_ADDRESS)} 32 1] 0]; ${this.quoted} read_memory $v 32 1`;
  }

  /** The target's `reset-end` event handler (`''` when none is set). */
  resetEndHandler(): string {
    return `${this.quoted} cget -event reset-end`;
  }

  /**
   * Sets the `reset-end` handler so that a halting reset ends as the start of `entry`: the PC, and
   * with a vector table SP, xPSR.T and, where the core has one, VTOR. A handler the configuration
   * set runs first. Only after a halting reset: after `reset run` the core runs and its registers
   * cannot be written.
   */
  startAtResetHalt(entry: ImageEntry, setVtor: boolean, existingHandler: string): string {
    const table = entry.vectorTable;
    const registers = tclList(table ? ['sp', tclHex(table.stackPointer), 'pc', tclHex(entry.entry), 'xPSR', tclHex(XPSR_THUMB)] : ['pc', tclHex(entry.entry)]);
    const writes = [`${this.quoted} set_reg ${registers}`];
    if (setVtor && table) writes.push(`${this.quoted} mww ${tclHex(VTOR_ADDRESS)} ${tclHex(table.address)}`);
    const handler = `if {[${this.quoted} curstate] eq "halted"} {${writes.join('; ')}}`;
    const body = existingHandler.trim() === '' ? handler : `${existingHandler.trim()}\n${handler}`;
    return `${this.quoted} configure -event reset-end ${tclQuote(body)}`;
  }

  /** `cortex_m maskisr steponly`: interrupts masked during a step only, no hidden comparator use. */
  maskInterruptsWhileStepping(): string {
    return this.onTarget('cortex_m maskisr steponly');
  }

  /** `cortex_m vector_catch NAME...` (OpenOCD names: hard_err, bus_err, reset...). */
  vectorCatch(names: readonly string[]): string {
    return this.onTarget(`cortex_m vector_catch ${names.length === 0 ? 'none' : names.map(tclQuote).join(' ')}`);
  }

  /** `resume [ADDRESS]`. */
  resume(address?: number): string {
    return this.onTarget(address === undefined ? 'resume' : `resume ${tclHex(address)}`);
  }

  /**
   * `step`, its log kept: a failure's error carries what OpenOCD logged (why it refused, e.g.
   * "target not halted"), as a logOnError command's does.
   */
  step(over?: LiftedBreakpoint): string {
    // With `over`, the breakpoint at the PC is lifted for the step (see resumeOverBreakpoint).
    const stepping = over === undefined ? 'step' : `${over.lift}; set ocd_rc [catch step ocd_out]; ${over.restore}; if {$ocd_rc} {error $ocd_out}; set ocd_out`;
    const body = `set ocd_step_rc [catch ${tclQuote(this.onTarget(stepping))} ocd_step]`;
    return `set ocd_step_log [capture ${tclQuote(body)}]; if {$ocd_step_rc} {error [string trim "$ocd_step\n$ocd_step_log"]}; set ocd_step`;
  }

  /** Lifts this target's own breakpoint for a step: `rbp`, then `bp` again (riscv; see resumeOverBreakpoint). */
  liftOwnBreakpoint(address: number, byteSize: number, hardware: boolean): LiftedBreakpoint {
    return { lift: `rbp ${tclHex(address)}`, restore: `bp ${tclHex(address)} ${byteSize}${hardware ? ' hw' : ''}` };
  }

  /**
   * Lifts a software breakpoint another core owns (sharedBreakpoints.ts) for this core's step: the
   * replaced instruction is written back, and the breakpoint instruction after the step. Not the
   * owner's `rbp`/`bp`: OpenOCD 0.12 sets a software breakpoint only on a halted target (target.c
   * target_add_breakpoint), so `bp` would halt a running owner; and this core cannot step over it
   * by itself: with no breakpoint of its own at the PC, cortex_m_resume and cortex_m_step skip a
   * BKPT halt's instruction (armv7m_maybe_skip_bkpt_inst: PC + 2), so the replaced instruction
   * would never run. The owner keeps its table entry, whose saved instruction stays right.
   * The window: while the instruction is back (one `step` in the same request, milliseconds),
   * another core running through the address does not stop there. GDB closes it for threads of
   * one inferior by stopping them all for an in-line step-over (infrun.c, no displaced stepping);
   * doing so here would halt every running core for each step-over, a stop the user never asked for.
   */
  liftSharedBreakpoint(address: number, original: readonly number[], code: readonly number[]): LiftedBreakpoint {
    return { lift: this.writeBytes(address, original), restore: this.writeBytes(address, code) };
  }

  private writeBytes(address: number, bytes: readonly number[]): string {
    return `${this.quoted} write_memory ${tclHex(address)} 8 ${tclQuote(bytes.map((b) => tclHex(b)).join(' '))}`;
  }

  /**
   * `step` again while the core stays halted with its PC in [lo, hi), until `maxSteps` steps or
   * `maxMs` ms (Jim's `clock milliseconds`) have passed; replies with the number of steps. Each
   * `step` returns with the core halted and its registers read (cortex_m.c cortex_m_step ends in
   * cortex_m_debug_entry), so `get_reg pc` reads OpenOCD's register cache, not the link (riscv
   * reads pc with -force: see the constructor). `& ~1` clears a Thumb bit; RISC-V code addresses
   * have bit 0 clear anyway. A failing `step` fails the script as `step()` does.
   */
  stepInRange(lo: number, hi: number, maxSteps: number, maxMs: number, over?: LiftedBreakpoint): string {
    const pc = `[expr {[dict get [${this.quoted} get_reg ${this.forceRegisterReads ? '-force ' : ''}{pc}] pc] & ~1}]`;
    const spent = `[clock milliseconds] - $ocd_t0 >= ${tclHex(maxMs)}`;
    // Only the first step can start at a breakpoint of ours: the range holds none (lineRange.ts).
    const stepping = over === undefined ? this.step() : `if {$ocd_steps == 0} {${this.step(over)}} else {${this.step()}}`;
    return `set ocd_t0 [clock milliseconds]; set ocd_steps 0; while {1} {${stepping}; incr ocd_steps; ` +
      `if {$ocd_steps >= ${tclHex(maxSteps)} || ${spent} || [${this.curstate()}] ne "halted"} break; ` +
      `set ocd_pc ${pc}; if {$ocd_pc < ${tclHex(lo)} || $ocd_pc >= ${tclHex(hi)}} break}; set ocd_steps`;
  }

  curstate(): string {
    return `${this.quoted} curstate`;
  }

  /**
   * The stop snapshot, as a batch of four scripts run in one request: `poll` (its log line names
   * the debug reason; capturedPoll keeps that line out of OpenOCD's log), the state that poll
   * left (read inside its capture: so a halt OpenOCD's own poll timer has not seen yet counts, no
   * wait for OpenOCD's 100 ms poll, and a halt noticed by OpenOCD's poll before a later command of this
   * batch does not count without the reason this poll would have read), the registers,
   * and the stack window from SP (rounded down to 64 bytes, the unwinder's block size) read in
   * 64-byte blocks until `byteSize` or the first unreadable block. The window ends at `stackTop` when SP is at or below it (at the reset vector SP equals
   * it, and the window is empty): reading past the end of RAM fails anyway, and makes OpenOCD log a
   * sticky-error message on every stop. It never reaches `stackLimit` (see the constructor).
   * Scripts share Jim's global variables, so the window uses the SP read by the third one.
   */
  snapshot(registerNames: readonly string[], windowByteSize: number, stackTop: number | undefined): string[] {
    return [
      this.onTarget(capturedPoll(`set ocd_polled_state [${this.curstate()}]`)),
      'unset -nocomplain ocd_regs; set ocd_polled_state',
      `set ocd_regs [${this.getRegisters(registerNames)}]`,
      this.stackWindow('[dict get $ocd_regs sp]', windowByteSize, stackTop),
    ];
  }

  /**
   * The snapshot's stack window alone, from `sp` (a Tcl expression operand: a number, or the
   * snapshot's own SP read), in 64-byte blocks up to `byteSize`, `stackTop` or the first
   * unreadable block. Replies "start {w0 w1 ...}" (parseStackWindow).
   */
  stackWindow(sp: string, byteSize: number, stackTop: number | undefined): string {
    const top = stackTop === undefined ? '' : `if {$a <= ${stackTop} && $end > ${stackTop}} {set end ${stackTop}}; `;
    // An SP at or above the limit (a core locked up on blank flash: 0xFFFFFFFC) leaves the window
    // empty: its reads could only fail, and OpenOCD logs each failed read_memory as an error.
    const limit = this.stackLimit === undefined ? '' : `if {$end > ${this.stackLimit}} {set end ${this.stackLimit}}; `;
    const cap = top + limit;
    return `set a [expr {${sp} & ~${STACK_BLOCK_BYTES - 1}}]; set start $a; set end [expr {$a + ${byteSize}}]; ${cap}set words {}; ` +
      `while {$a < $end} {set next [expr {($a | ${STACK_BLOCK_BYTES - 1}) + 1}]; if {$next > $end} {set next $end}; ` +
      `if {[catch {${this.quoted} read_memory $a 32 [expr {($next - $a) / 4}]} block]} break; ` +
      'lappend words {*}$block; set a $next}; list $start $words';
  }

  /** `NAME get_reg [-force] {names}`. */
  getRegisters(names: readonly string[]): string {
    return `${this.quoted} get_reg ${this.forceRegisterReads ? '-force ' : ''}${tclList(names)}`;
  }

  /** `NAME set_reg {name value}`. */
  setRegister(name: string, value: bigint): string {
    return `${this.quoted} set_reg ${tclQuote(`${tclQuote(name)} ${tclHex(value)}`)}`;
  }

  readPiece(piece: MemoryPiece): string {
    return `${this.quoted} read_memory ${tclHex(piece.address)} ${piece.width} ${piece.count}`;
  }

  writePiece(piece: MemoryPiece, values: readonly number[]): string {
    return `${this.quoted} write_memory ${tclHex(piece.address)} ${piece.width} ${tclQuote(values.map(tclHex).join(' '))}`;
  }

  /**
   * `bp ADDRESS LENGTH [hw]`, LENGTH the size of the breakpoint instruction OpenOCD writes
   * (Architecture.breakpointByteSize). OpenOCD 0.12 sets a software breakpoint only on a halted
   * target (target.c target_add_breakpoint), so it is set inside whileHalted; a hardware one is
   * written to the comparator while the core runs.
   */
  addBreakpoint(address: number, byteSize: number, hardware: boolean): string {
    const body = `bp ${tclHex(address)} ${byteSize}${hardware ? ' hw' : ''}`;
    return hardware ? this.onTarget(body) : this.whileHalted(body);
  }

  /**
   * `bp ADDRESS LENGTH` for a software breakpoint in memory other cores share, replying with the
   * bytes it replaced and the bytes it wrote: the list {original code} (parseSharedBreakpoint).
   */
  addSharedBreakpoint(address: number, byteSize: number): string {
    const read = `${this.quoted} read_memory ${tclHex(address)} 8 ${byteSize}`;
    return this.whileHalted(`set ocd_orig [${read}]; bp ${tclHex(address)} ${byteSize}; list $ocd_orig [${read}]`);
  }

  /**
   * Resumes from `address`, where a breakpoint is that fires again there (OpenOCD 0.12 riscv: a
   * trigger matches before the instruction, an ebreak re-executes; or one another core owns, see
   * liftSharedBreakpoint): lifts it, steps one instruction, restores it, and resumes unless the
   * step stopped at one of `breakpoints` (that halt is then the stop) — as GDB steps over its
   * breakpoints before it continues. Replies 1 when it stayed halted there, else 0.
   */
  resumeOverBreakpoint(address: number, over: LiftedBreakpoint, breakpoints: readonly number[]): string {
    return this.onTarget(
      `${over.lift}; step ${tclHex(address)}; ${over.restore}; ` +
        `set ocd_pc [dict get [${this.getRegisters(['pc'])}] pc]; set ocd_hit 0; ` +
        `foreach ocd_bp ${tclList(breakpoints.map((b) => tclHex(b)))} {if {$ocd_bp == ($ocd_pc & ~1)} {set ocd_hit 1}}; if {!$ocd_hit} {resume}; set ocd_hit`,
    );
  }

  removeBreakpoint(address: number, hardware: boolean): string {
    const body = `rbp ${tclHex(address)}`;
    return hardware ? this.onTarget(body) : this.whileHalted(body);
  }

  /** `wp ADDRESS LENGTH r|w|a`; OpenOCD 0.12 sets and removes watchpoints only on a halted target. */
  addWatchpoint(address: number, byteLength: number, access: 'r' | 'w' | 'a'): string {
    return this.whileHalted(`wp ${tclHex(address)} ${byteLength} ${access}`);
  }

  removeWatchpoint(address: number): string {
    return this.whileHalted(`rwp ${tclHex(address)}`);
  }

  /**
   * Runs BODY on a halted target: a running one is halted first and resumed after, in the same
   * request (its halted/resumed notifications find it running again, so no stop is reported).
   */
  whileHalted(body: string): string {
    return this.onTarget(
      `set ocd_was [${this.quoted} curstate]; if {$ocd_was ne "halted"} {halt}; set ocd_rc [catch ${tclQuote(body)} ocd_out]; ` +
        'if {$ocd_was ne "halted"} {resume}; if {$ocd_rc} {error $ocd_out}; set ocd_out',
    );
  }

  /** A user's command with its result, its log and its return code: the list {rc result log}. */
  raw(command: string): string {
    // `capture` appends the script's own result to the log: end the script with an empty one.
    const inner = `set ocd_rc [catch ${tclQuote(this.onTarget(command))} ocd_out]; list`;
    return `set ocd_log [capture ${tclQuote(inner)}]; list $ocd_rc $ocd_out $ocd_log`;
  }
}

/** The reply of `raw`: return code, result and log; anything else is not our script's reply. */
export function parseRawReply(text: string): { rc: number; out: string; log: string } {
  const items = tclListOf('raw command', text);
  if (items.length !== 3 || !/^-?\d+$/.test(items[0])) unparsable('raw command', 'expected the list "rc result log"', text);
  return { rc: Number(items[0]), out: items[1], log: items[2] };
}

/** The reply of addSharedBreakpoint: the bytes a software breakpoint replaced and the bytes it wrote. */
export function parseSharedBreakpoint(text: string): { original: number[]; code: number[] } {
  const [original = '', code = ''] = tclListOf('bp', text);
  const bytes = (list: string): number[] => tclListOf('bp', list).map(Number);
  const result = { original: bytes(original), code: bytes(code) };
  if (result.original.length === 0 || result.original.length !== result.code.length || [...result.original, ...result.code].some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
    unparsable('bp', 'expected "{original bytes} {breakpoint bytes}"', text);
  }
  return result;
}

/** Parses the stack window script's reply "start {w0 w1 ...}" into bytes (little-endian words). */
export function parseStackWindow(text: string, littleEndian: boolean): { address: number; bytes: Uint8Array } {
  const [start = '', words = ''] = tclListOf('stack window', text);
  const values = tclListOf('stack window', words);
  const number = /^(0x[0-9a-fA-F]+|\d+)$/;
  if (!number.test(start) || !values.every((value) => number.test(value))) unparsable('stack window', 'expected "start {w0 w1 ...}" in numbers', text);
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, k) => view.setUint32(k * 4, Number(value), littleEndian));
  return { address: Number(start), bytes };
}

/** FPB code comparators (ARMv7-M C1.11.3: NUM_CODE = FP_CTRL[14:12]:[7:4]); literal ones cannot break. */
export function fpbCodeComparators(fpCtrl: number): number {
  return ((fpCtrl >>> 8) & 0x70) | ((fpCtrl >>> 4) & 0xf);
}

/** DWT comparators (ARMv7-M C1.8.7: DWT_CTRL.NUMCOMP, bits 31:28). */
export function dwtComparators(dwtCtrl: number): number {
  return dwtCtrl >>> 28;
}

/** Architecture from CPUID.PARTNO (bits 15:4): Cortex-M0/M0+/M1 are ARMv6-M, M23/M33/M55 ARMv8-M. */
/**
 * `cortex_m vector_catch` names of a core (OpenOCD 0.12 cortex_m.c vec_ids). ARMv6-M DEMCR has
 * VC_HARDERR and VC_CORERESET only (ARMv6-M C1.6.5); ARMv7-M adds the fault-status catches (C1.6.5).
 */
export function vectorCatchNames(architecture: string): readonly string[] {
  if (architecture === 'armv6m') return ['hard_err', 'reset'];
  return ['hard_err', 'bus_err', 'mm_err', 'chk_err', 'nocp_err', 'int_err', 'state_err', 'reset'];
}

export function architectureFromCpuid(cpuid: number): 'armv6m' | 'armv7m' | 'armv8m' {
  const partno = cpuidPartno(cpuid);
  if ([0xc20, 0xc21, 0xc60].includes(partno)) return 'armv6m';
  if ((partno & 0xff0) === 0xd20) return 'armv8m';
  return 'armv7m';
}
