// The DAP session's lifecycle as one value, with the session's objects carried together by the
// states that have them: no optional fields checked side by side, no flags. Knows no requests.
import { UserError } from '../common';
import type { EntryAction, Session } from '../session';
import type { BreakpointRequests } from './breakpointRequests';
import type { DataBreakpointRequests } from './dataBreakpointRequests';
import type { DisassembleRequests } from './disassembleRequest';
import type { StopView } from './stopView';

/** The session's objects, together: the session layer's Session and the DAP views over it. */
export interface Live {
  readonly session: Session;
  readonly view: StopView;
  readonly breakpoints: BreakpointRequests;
  readonly disassembly: DisassembleRequests;
  readonly dataBreakpoints: DataBreakpointRequests;
  /** What follows a reset (launch, restart): stop, run, or run to a function. */
  readonly entry: EntryAction;
}

/**
 * The lifecycle, one value. `starting` covers launch/attach in flight (a second one is refused);
 * `configuring` is until configurationDone (the engine's stops are not shown yet); `ended` says
 * why, keeps what is left to close, and whether the client was told (terminated event).
 */
export type Lifecycle =
  | { readonly kind: 'new' }
  | { readonly kind: 'starting'; readonly request: 'launch' | 'attach' }
  | { readonly kind: 'configuring'; readonly live: Live }
  | { readonly kind: 'running'; readonly live: Live }
  | { readonly kind: 'ended'; readonly reason: string; readonly session?: Session; readonly told: boolean };

/** Holds the state; the DAP session sets it at each transition. */
export class SessionLifecycle {
  state: Lifecycle = { kind: 'new' };

  /** The session's objects while it is configuring or running; otherwise a UserError saying why not. */
  live(): Live {
    const state = this.state;
    if (state.kind === 'ended') throw new UserError(`the session has ended: ${state.reason}`);
    if (state.kind !== 'configuring' && state.kind !== 'running') throw new UserError('no target yet: the launch or attach request has not finished');
    const error = state.live.session.debug.terminationError;
    if (error) throw new UserError(`the session has ended: ${error.message}`);
    return state.live;
  }

  liveOrUndefined(): Live | undefined {
    return this.state.kind === 'configuring' || this.state.kind === 'running' ? this.state.live : undefined;
  }

  /** The Session whatever the state (undefined before launch/attach finished). */
  current(): Session | undefined {
    return this.liveOrUndefined()?.session ?? (this.state.kind === 'ended' ? this.state.session : undefined);
  }

  requestKind(): 'launch' | 'attach' | undefined {
    return this.state.kind === 'starting' ? this.state.request : this.current()?.settings.request;
  }
}
