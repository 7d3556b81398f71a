// Data breakpoints (DWT watchpoints) by address: dataBreakpointInfo for an address and byte count
// (DAP `asAddress`/`bytes`), setDataBreakpoints to the engine's watchpoints, each unverified with
// the target's reason when refused. Data breakpoints on variables come with the Variables view.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Debugger, WatchpointAccess } from '../engine';
import { parseMemoryReference } from './memoryRequests';

const ACCESS: Record<DebugProtocol.DataBreakpointAccessType, WatchpointAccess> = { read: 'read', write: 'write', readWrite: 'access' };

/** The dataId format: `0x20000124:4` (address and byte length). */
function dataId(address: number, byteLength: number): string {
  return `0x${address.toString(16).padStart(8, '0')}:${byteLength}`;
}

/** Answers the data breakpoint requests of one session. */
export class DataBreakpointRequests {
  constructor(private readonly debug: Debugger) {}

  async info(args: DebugProtocol.DataBreakpointInfoArguments): Promise<DebugProtocol.DataBreakpointInfoResponse['body']> {
    if (!args.asAddress || args.variablesReference !== undefined) {
      return { dataId: null, description: 'data breakpoints on variables are not available yet: add one at an address' };
    }
    const address = parseMemoryReference(args.name);
    const byteLength = args.bytes ?? 4;
    return { dataId: dataId(address, byteLength), description: `${byteLength} bytes at ${dataId(address, byteLength).split(':')[0]}`, accessTypes: ['write', 'read', 'readWrite'], canPersist: true };
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
