// The adapter side of the differential stepping suite: the same walk through DAP (the requests a
// user's clicks send) on its own simulated board, recording every stop as the user sees it: the
// call stack and the Locals scope of every frame. Tests only.
import { basename, join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Stm32f030Board } from '../../sim/board';
import type { RiscvBoard } from '../../sim/riscv/riscvBoard';
import { DapSession } from '../dapSession';
import type { WalkAction } from './walkActions';
import { STACK_ZERO_WORDS, STEPPING_BOARD, type WalkBoard } from './walkBoard';
import type { WalkFrame, WalkStop } from './walkStop';

/** The boards a walk runs on (walkBoard.ts). */
type Walked = Stm32f030Board | RiscvBoard;

/** The adapter's stop at main after launch (reset, run to main), then its stop after each action, on `board` (the stepping firmware's by default). */
export async function dapWalk(elfPath: string, actions: readonly WalkAction[], board: WalkBoard = STEPPING_BOARD): Promise<WalkStop[]> {
  const dap: DapSession<Walked> = board.kind === 'rv32' ? await DapSession.startRv32('O0', { preload: true, elfPath }) : await DapSession.start('O0', { preload: true, elfPath });
  try {
    await dap.launch({ load: false, stopAtEntry: true });
    // SRAM survives a reset: zero the stack (the top KiB, as gdbWalk.py does), so uninitialised locals read alike.
    await dap.tcl(`mww 0x${board.stackZeroAddress(dap.elf).toString(16)} 0 ${STACK_ZERO_WORDS}`);
    await perform(dap, board, { kind: 'break', spec: 'main' });
    const stops = [await stopHere(dap, null)];
    for (const action of actions) stops.push(await stopHere(dap, await perform(dap, board, action)));
    return stops;
  } finally {
    await dap.close();
  }
}

/** Performs one action and waits for its stop; resolves with the refusal's message, if refused. */
async function perform(dap: DapSession<Walked>, board: WalkBoard, action: WalkAction): Promise<string | null> {
  const client = dap.client;
  if (action.kind === 'break') {
    const [file, line] = action.spec.split(':');
    const source = { path: join(board.sourceDir, file) };
    if (line === undefined) await client.setFunctionBreakpointsRequest({ breakpoints: [{ name: file }] });
    else await client.setBreakpointsRequest({ source, breakpoints: [{ line: Number(line) }] });
    await untilStopped(dap, () => client.continueRequest({ threadId: 1 }));
    // VS Code asks for the stack as soon as it stops, before the user can remove the breakpoint:
    // the stop view decides then which inlined frames a breakpoint stop shows.
    await client.stackTraceRequest({ threadId: 1, levels: 64 });
    if (line === undefined) await client.setFunctionBreakpointsRequest({ breakpoints: [] });
    else await client.setBreakpointsRequest({ source, breakpoints: [] });
    return null;
  }
  const request = { step: 'stepIn', next: 'next', finish: 'stepOut', stepi: 'next' }[action.kind];
  const args = action.kind === 'stepi' ? { threadId: 1, granularity: 'instruction' } : { threadId: 1 };
  return untilStopped(dap, () => dap.client.send(request, args));
}

/**
 * Sends a request and waits for the stopped event it causes. A refused request (an error
 * response) or a step the adapter reports as failed (stderr, then a stop where it stands) is
 * the refusal's message.
 */
async function untilStopped(dap: DapSession<Walked>, send: () => Promise<unknown>): Promise<string | null> {
  const stopped = dap.client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  stopped.catch(() => undefined);
  const errorsBefore = dap.output.filter((output) => output.category === 'stderr').length;
  try {
    await send();
  } catch (error) {
    return (error as Error).message;
  }
  const event = await stopped;
  const errors = dap.output.filter((output) => output.category === 'stderr').slice(errorsBefore);
  return event.body.description?.includes('failed') ? errors.map((output) => output.text.trim()).join('\n') : null;
}

/** The call stack of thread 1 and the Locals of each frame. */
async function stopHere(dap: DapSession<Walked>, error: string | null): Promise<WalkStop> {
  const frames: WalkFrame[] = [];
  for (const frame of (await dap.client.stackTraceRequest({ threadId: 1, levels: 64 })).body.stackFrames) {
    const { scopes } = (await dap.client.scopesRequest({ frameId: frame.id })).body;
    const locals = scopes.find((scope) => scope.presentationHint === 'locals');
    const variables = locals ? (await dap.client.variablesRequest({ variablesReference: locals.variablesReference })).body.variables : [];
    frames.push({
      function: frame.name,
      file: frame.source?.path ? basename(frame.source.path) : null,
      line: frame.source ? frame.line : null,
      pc: Number(frame.instructionPointerReference),
      locals: variables.map((variable) => ({ name: variable.name, value: variable.value })),
    });
  }
  return { error, frames };
}
