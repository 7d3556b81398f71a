// The Trigger Module of Debug Spec 0.13.2 §5.2: tselect, tdata1-3 and tinfo with address-match
// triggers (mcontrol, type 2) on execution, loads and stores. It decides matches; the hart acts on them.

/** Trigger CSR numbers (§5.2, table 5.1). */
export const TriggerCsr = { tselect: 0x7a0, tdata1: 0x7a1, tdata2: 0x7a2, tdata3: 0x7a3, tinfo: 0x7a4 } as const;

/** mcontrol fields for XLEN 32 (§5.2.9). */
export const Mcontrol = {
  TYPE_MCONTROL: 2 << 28, DMODE: 1 << 27, HIT: 1 << 20, M: 1 << 6, EXECUTE: 1 << 2, STORE: 1 << 1, LOAD: 1 << 0,
} as const;

/** mcontrol.action: raise a breakpoint exception, or enter Debug Mode (§5.2.9, table 5.2). */
export type TriggerAction = 'breakpoint' | 'debugMode';

/** What the hart is doing when a trigger may fire. */
export type TriggerAccess = 'execute' | 'load' | 'store';

const ACCESS_BIT: Readonly<Record<TriggerAccess, number>> = { execute: Mcontrol.EXECUTE, load: Mcontrol.LOAD, store: Mcontrol.STORE };
const ACTION_SHIFT = 12;
/**
 * Bits a write keeps besides dmode and action: hit, m, execute, store, load. select, timing, sizelo,
 * chain and match read 0 (address, before the instruction, any size, equal); maskmax is 0; there is
 * no S or U mode.
 */
const WRITABLE = Mcontrol.HIT | Mcontrol.M | Mcontrol.EXECUTE | Mcontrol.STORE | Mcontrol.LOAD;

interface Trigger {
  tdata1: number;
  tdata2: number;
}

/** `count` mcontrol triggers; all fire before the instruction that matches (timing 0). */
export class TriggerModule {
  private readonly triggers: Trigger[];
  private tselect = 0;
  /** Fast path: true while some trigger could match anything. */
  private anyArmed = false;

  constructor(readonly count = 4) {
    this.triggers = Array.from({ length: count }, () => ({ tdata1: Mcontrol.TYPE_MCONTROL, tdata2: 0 }));
  }

  /** Hart reset: every trigger disabled (tdata1 to its reset value), tselect 0. */
  reset(): void {
    for (const trigger of this.triggers) {
      trigger.tdata1 = Mcontrol.TYPE_MCONTROL;
      trigger.tdata2 = 0;
    }
    this.tselect = 0;
    this.anyArmed = false;
  }

  /** A trigger CSR's value, or undefined for a CSR this module does not have. */
  read(csr: number): number | undefined {
    const trigger = this.triggers[this.tselect];
    switch (csr) {
      case TriggerCsr.tselect: return this.tselect;
      case TriggerCsr.tdata1: return trigger.tdata1 >>> 0;
      case TriggerCsr.tdata2: return trigger.tdata2;
      case TriggerCsr.tdata3: return 0;
      // Only type 2 exists (§5.2.4); OpenOCD 0.12 reads tdata1.type instead.
      case TriggerCsr.tinfo: return 1 << 2;
      default: return undefined;
    }
  }

  /**
   * Writes a trigger CSR; false for a CSR this module does not have. tselect keeps its value when
   * given one past the last trigger (WARL: that is how a debugger counts them, §5.1). A trigger
   * with dmode set only changes in Debug Mode (§5.2.2).
   */
  write(csr: number, value: number, inDebugMode: boolean): boolean {
    const trigger = this.triggers[this.tselect];
    switch (csr) {
      case TriggerCsr.tselect:
        if (value >>> 0 < this.count) this.tselect = value >>> 0;
        return true;
      case TriggerCsr.tdata1:
        if (trigger.tdata1 & Mcontrol.DMODE && !inDebugMode) return true;
        trigger.tdata1 = this.legalTdata1(value, inDebugMode);
        break;
      case TriggerCsr.tdata2:
        if (trigger.tdata1 & Mcontrol.DMODE && !inDebugMode) return true;
        trigger.tdata2 = value >>> 0;
        break;
      case TriggerCsr.tdata3:
      case TriggerCsr.tinfo:
        return true;
      default:
        return false;
    }
    this.anyArmed = this.triggers.some((t) => (t.tdata1 & Mcontrol.M) !== 0 && (t.tdata1 & (Mcontrol.EXECUTE | Mcontrol.LOAD | Mcontrol.STORE)) !== 0);
    return true;
  }

  /**
   * The action of the first trigger matching an M-mode `access` at `address` (sets its hit bit),
   * or undefined. The hart asks only outside Debug Mode: triggers never fire there (§5.2).
   */
  match(access: TriggerAccess, address: number): TriggerAction | undefined {
    if (!this.anyArmed) return undefined;
    const bit = ACCESS_BIT[access];
    for (const trigger of this.triggers) {
      if (!(trigger.tdata1 & bit) || !(trigger.tdata1 & Mcontrol.M) || trigger.tdata2 !== address >>> 0) continue;
      trigger.tdata1 = (trigger.tdata1 | Mcontrol.HIT) >>> 0;
      return (trigger.tdata1 >>> ACTION_SHIFT) & 0xf ? 'debugMode' : 'breakpoint';
    }
    return undefined;
  }

  /** dmode only from Debug Mode; action 1 only with dmode, anything else is 0 (WARL, §5.2.9). */
  private legalTdata1(value: number, inDebugMode: boolean): number {
    const dmode = inDebugMode && (value & Mcontrol.DMODE) !== 0;
    const action = dmode && ((value >>> ACTION_SHIFT) & 0xf) === 1 ? 1 << ACTION_SHIFT : 0;
    return (Mcontrol.TYPE_MCONTROL | (dmode ? Mcontrol.DMODE : 0) | action | (value & WRITABLE)) >>> 0;
  }
}
