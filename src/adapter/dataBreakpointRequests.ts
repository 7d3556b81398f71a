// Data breakpoints (DWT watchpoints): dataBreakpointInfo for an address and byte count (DAP
// `asAddress`/`bytes`) or for a variable of the Variables view (the memory its value occupies),
// setDataBreakpoints to the engine's watchpoints, each unverified with the target's reason when refused.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Debugger, MemoryRange, WatchpointAccess } from '../engine';
import { parseMemoryReference } from './memoryRequests';
import { hex32 } from '../common';

const ACCESS: Record<DebugProtocol.DataBreakpointAccessType, WatchpointAccess> = { read: 'read', write: 'write', readWrite: 'access' };

/** The dataId format: `0x20000124:4` (address and byte length). */
function dataId(address: number, byteLength: number): string {
  return `${hex32(address)}:${byteLength}`;
}

/** Answers the data breakpoint requests of one session. */
export class DataBreakpointRequests {
  constructor(
    private readonly debug: Debugger,
    /** The memory a row of the Variables view occupies (a UserError when it is not in memory). */
    private readonly variableRange: (variablesReference: number, name: string) => Promise<MemoryRange>,
  ) {}

  async info(args: DebugProtocol.DataBreakpointInfoArguments): Promise<DebugProtocol.DataBreakpointInfoResponse['body']> {
    if (!args.asAddress && args.variablesReference !== undefined) {
      const range = await this.variableRange(args.variablesReference, args.name).catch((error: Error) => error);
      // VS Code asks before showing its menu: a value not in memory just offers no data breakpoint.
      if (range instanceof Error) return { dataId: null, description: range.message };
      return { dataId: dataId(range.address, range.byteLength), description: `${args.name} (${range.byteLength} bytes at ${hex32(range.address)})`, accessTypes: ['write', 'read', 'readWrite'], canPersist: false };
    }
    if (!args.asAddress) return { dataId: null, description: 'data breakpoints are set on a variable of the Variables view or at an address' };
    const address = parseMemoryReference(args.name);
    const byteLength = args.bytes ?? 4;
    return { dataId: dataId(address, byteLength), description: `${byteLength} bytes at ${hex32(address)}`, accessTypes: ['write', 'read', 'readWrite'], canPersist: true };
  }

  /** Replaces every data breakpoint (on each thread: each target has its own DWT). */
  async set(args: DebugProtocol.SetDataBreakpointsArguments): Promise<DebugProtocol.SetDataBreakpointsResponse['body']> {
    const requests = args.breakpoints.map((breakpoint) => {
      const [address, byteLength] = breakpoint.dataId.split(':');
      return { address: parseMemoryReference(address), byteLength: Number(byteLength), access: ACCESS[breakpoint.accessType ?? 'write'] };
    });
    let statuses: Awaited<ReturnType<Debugger['setWatchpoints']>> = [];
    for (const thread of this.debug.threads) {
      const set = await this.debug.setWatchpoints(requests, thread.id);
      if (thread === this.debug.threads[0]) statuses = set;
    }
    return { breakpoints: statuses.map((status) => ({ verified: status.verified, message: status.message })) };
  }
}
