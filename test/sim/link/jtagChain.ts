// A JTAG scan chain: TAPs in series that share TCK, TMS and nTRST, each TAP's TDO wired to the
// next one's TDI (IEEE 1149.1 3.2, figure 3-2). It owns the wiring only; each TAP owns its state.
import { TapState, type JtagTap } from './jtagTap';

/** The chain as a probe sees it: one TMS/TDI input, one TDO output. */
export class JtagChain {
  /** `taps` from the one nearest TDO to the one nearest TDI (OpenOCD's declaration order). */
  constructor(readonly taps: readonly JtagTap[]) {
    if (taps.length === 0) throw new RangeError('a JTAG chain needs at least one TAP');
  }

  /** Every TAP follows the same TMS, so they are all in this state. */
  get state(): TapState {
    return this.taps[0].state;
  }

  /** TDO of the TAP nearest TDO. */
  get tdo(): number {
    return this.taps[0].tdo;
  }

  /** nTRST reaches every TAP. */
  reset(): void {
    for (const tap of this.taps) tap.reset();
  }

  /**
   * One rising edge of TCK. Every TAP samples its TDI on the same edge, so each one must see the
   * TDO its upstream neighbour drove before the edge: clock from the TDO end, where the upstream
   * TAP has not moved yet when its TDO is read.
   */
  clock(tms: number, tdi: number): void {
    const last = this.taps.length - 1;
    for (let i = 0; i < last; i++) this.taps[i].clock(tms, this.taps[i + 1].tdo);
    this.taps[last].clock(tms, tdi);
  }
}
