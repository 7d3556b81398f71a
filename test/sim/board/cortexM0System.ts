// One Cortex-M0 with what is private to it: the processor (cortexM0.ts), its SysTick, its Private
// Peripheral Bus device, and the loop that spends virtual time on them. The chip around it owns
// memory, shared peripherals and what a system reset resets; this file maps nothing on a bus.
import { CortexM0 } from './cortexM0';
import { Exception } from './nvic';
import { PrivatePeripheralBus } from './privatePeripheralBus';
import { SysTick } from './sysTick';
import type { BusDevice, SystemBus } from './systemBus';

/** A processor and its private peripherals; one per core of a board. */
export class CortexM0System {
  readonly cpu: CortexM0;
  readonly sysTick: SysTick;
  /** The PPB (0xE0000000-0xE00FFFFF) as this core and its own AHB-AP see it (ARMv6-M B3.1). */
  readonly ppb: BusDevice;
  /** Core cycles this processor has spent since power-on (running, sleeping or stepped). */
  cycles = 0;

  /** `bus` carries the core's accesses; `systemReset` resets the whole chip (AIRCR.SYSRESETREQ). */
  constructor(bus: SystemBus, systemReset: () => void) {
    this.cpu = new CortexM0(bus, { systemReset, elapse: (cycles) => this.elapse(cycles) });
    this.sysTick = new SysTick(() => this.cpu.nvic.pend(Exception.SysTick));
    this.ppb = new PrivatePeripheralBus({
      nvic: this.cpu.nvic,
      sysTick: this.sysTick,
      debug: this.cpu.debug,
      dwt: this.cpu.dwt,
      fpb: this.cpu.fpb,
      requestSystemReset: () => this.cpu.requestSystemReset(),
    }).device;
  }

  /** True when run() would consume cycles: running, or asleep with a wake-up source. */
  get active(): boolean {
    const cpu = this.cpu;
    if (cpu.halted || cpu.lockedUp) return false;
    return !cpu.sleeping || this.sysTick.counting || cpu.nvic.wakesFromSleep(cpu.core.ipsr);
  }

  /**
   * Cycles that will pass before this core executes anything: 0 when it can run now, the time to
   * the next SysTick wrap while asleep, Infinity when halted, locked up or asleep for good.
   */
  get quietCycles(): number {
    const cpu = this.cpu;
    if (cpu.halted || cpu.lockedUp) return Infinity;
    return !cpu.sleeping || cpu.nvic.wakesFromSleep(cpu.core.ipsr) ? 0 : this.sysTick.cyclesUntilWrap();
  }

  /**
   * Runs up to `budget` core cycles (the last instruction may overrun it); returns the cycles
   * used, 0 when halted, locked up, or asleep with nothing that could wake it.
   */
  run(budget: number): number {
    const cpu = this.cpu;
    let used = 0;
    while (used < budget && !cpu.halted && !cpu.lockedUp) {
      if (!cpu.wake()) {
        // Asleep: let time pass up to the next SysTick wrap, which may wake the core.
        const idle = Math.min(budget - used, this.sysTick.cyclesUntilWrap());
        if (!Number.isFinite(idle)) break;
        this.elapse(idle);
        used += idle;
        continue;
      }
      const cycles = cpu.step();
      this.elapse(cycles);
      used += cycles;
      if (cycles === 0) break;
    }
    return used;
  }

  /** The processor's part of a system reset: SysTick, then the core (which may halt on VC_CORERESET). */
  reset(): void {
    this.sysTick.reset();
    this.cpu.reset();
  }

  /** SysTick counts this core's cycles only, so it stands still while the core is halted. */
  private elapse(cycles: number): void {
    this.cycles += cycles;
    this.sysTick.advance(cycles);
  }
}
