// The fault report of a thread halted in an exception handler: the active exception (IPSR), the
// interrupted context from the stacked exception frame (found by StackUnwinder), and on ARMv7-M
// the fault status registers. Reads through the stop cache; the decoding is faultDecoder.ts's.
import { UserError } from '../../common';
import type { DebugThread } from '../debugThread';
import type { Program } from '../program';
import { popExceptionFrame, type Architecture } from '../arch';
import type { FrameMemory } from '../stack/frameMemory';
import { StackUnwinder } from '../stack/stackUnwinder';
import { FAULT_STATUS_ADDRESSES } from '../arch';
import { decodeFaultStatus, exceptionName, xpsrExceptionNumber, type FaultingContext, type FaultReport, type FaultStatusRegisters } from './faultDecoder';

/** Frames unwound at most to find the exception frame (handlers call little). */
const MAX_HANDLER_FRAMES = 32;
/** EXC_RETURN to Thread mode on the main stack and on the process stack (ARMv6-M B1.5.8). */
const EXC_RETURN_CHOICES = [0xfffffff9n, 0xfffffffdn] as const;

/**
 * Decodes the exception `thread` is halted in. Rejects with a UserError in Thread mode (no
 * exception active). The context is a reason string when no stacked frame could be found.
 */
export async function describeFault(thread: DebugThread, program: Program): Promise<FaultReport> {
  const architecture = thread.target.architecture;
  if (architecture.family !== 'arm') throw new UserError(`${thread.name} is ${architecture.name}: the fault report decodes Cortex-M exceptions (IPSR, the stacked frame, CFSR/HFSR) only`);
  const cache = thread.cache('decode its exception');
  const xpsr = Number(cache.stop.snapshot.registers.get('xPSR') ?? (await cache.readRegisters(['xPSR'])).get('xPSR') ?? 0n);
  const exceptionNumber = xpsrExceptionNumber(xpsr);
  if (exceptionNumber === 0) throw new UserError(`${thread.name} is in Thread mode (IPSR 0): no exception is active`);
  const memory = cache.frameMemory();
  return {
    exception: exceptionName(exceptionNumber),
    exceptionNumber,
    context: await faultingContext(program, memory, architecture),
    faultStatus: architecture.name === 'armv6m' ? 'ARMv6-M has no fault status registers (CFSR, HFSR, MMFAR and BFAR are ARMv7-M): the stacked PC is the record of the fault' : decodeFaultStatus(await readFaultStatus(thread)),
  };
}

/**
 * The frame the exception interrupted, as StackUnwinder found it; its stacked xPSR is read from
 * the same exception frame (the one, on MSP or PSP above the handler's CFA, whose stacked PC is
 * the unwinder's).
 */
async function faultingContext(program: Program, memory: FrameMemory, architecture: Architecture): Promise<FaultingContext | string> {
  const unwinder = new StackUnwinder(program, memory, { architecture, stopAtMain: false, maxFrames: MAX_HANDLER_FRAMES });
  const slice = await unwinder.slice(0, MAX_HANDLER_FRAMES);
  const index = slice.frames.findIndex((frame) => frame.interrupted);
  if (index <= 0) return `no exception frame on the stack (${slice.endReason ?? 'the unwind stopped'})`;
  const interrupted = slice.frames[index];
  const handlerCfa = slice.frames[index - 1].cfa;
  if (handlerCfa === undefined) return 'the handler frame has no CFA';
  for (const excReturn of EXC_RETURN_CHOICES) {
    const stacked = await popExceptionFrame(excReturn, handlerCfa, memory);
    if (typeof stacked !== 'string' && stacked.pc === interrupted.pc) {
      return { pc: stacked.pc, function: interrupted.function, source: interrupted.source, xpsr: stacked.xpsr };
    }
  }
  return `the exception frame of ${interrupted.function ?? 'the interrupted code'} cannot be read again`;
}

async function readFaultStatus(thread: DebugThread): Promise<FaultStatusRegisters> {
  const names = ['cfsr', 'hfsr', 'mmfar', 'bfar'] as const;
  const results = await thread.cache().readMemory(names.map((name) => ({ address: FAULT_STATUS_ADDRESSES[name], byteLength: 4 })));
  const words = results.map((result, k) => {
    if (!(result instanceof Uint8Array)) throw new UserError(`${names[k].toUpperCase()} cannot be read: ${result.error}`);
    return new DataView(result.buffer, result.byteOffset, 4).getUint32(0, true);
  });
  return { cfsr: words[0], hfsr: words[1], mmfar: words[2], bfar: words[3] };
}
