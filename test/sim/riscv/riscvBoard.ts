// The simulated RISC-V board behind the SimBoard port: a GD32VF103-like memory map (flash 128 KiB
// behind its FMC, SRAM 32 KiB, USART0 TX, DBGMCU), a CLINT timer, the RV32IMC hart with its Debug
// Mode, trigger module, Debug Module and JTAG DTM. It keeps virtual time and handles resets.
import { TypedEvent, UserError } from '../../../src/common';
import type { FirmwareSegment } from '../board';
import { FLASH_INTERFACE_BASE, FlashInterface } from '../board/flashInterface';
import { Memory, registerBlock, SystemBus } from '../board/systemBus';
import type { DebugBus, SimBoard } from '../ports';
import { DebugModule } from './debugModule';
import { Rv32DebugHart } from './debugHart';
import { hartBus } from './hartBus';
import { DBGMCU_BASE, DBGMCU_BYTE_SIZE, Gd32Dbgmcu, INFO_BASE, INFO_BYTE_SIZE, informationBlock } from './gd32vf103Identity';
import { JtagDtm } from './jtagDtm';
import { CLINT_BASE, CLINT_BYTE_SIZE, MachineTimer } from './machineTimer';
import { INTERRUPTS, Rv32Core } from './rv32Core';
import { SystemBusAccess } from './systemBusAccess';
import { TriggerModule } from './triggerModule';
import { USART0_BASE, USART0_BYTE_SIZE, UartTx } from './uartTx';

export const RV_FLASH_BASE = 0x08000000;
export const RV_FLASH_BYTE_SIZE = 128 * 1024;
export const RV_SRAM_BASE = 0x20000000;
export const RV_SRAM_BYTE_SIZE = 32 * 1024;
/** The hart starts at the flash base (GD32VF103 boots from main flash, its alias at 0 aside). */
export const RV_RESET_PC = RV_FLASH_BASE;

export interface RiscvBoardOptions {
  /** Debug Module program buffer words (abstractcs.progbufsize); default 2, with impebreak. */
  readonly programBufferSize?: number;
  /** Hardware triggers (tselect values); default 4. */
  readonly triggerCount?: number;
}

/** A GD32VF103-like RV32IMC board: one hart, debug through a 0.13 DTM/DM with a program buffer, SBA and triggers. */
export class RiscvBoard implements SimBoard {
  readonly uartTx = new TypedEvent<number>();
  readonly systemBus = new SystemBus();
  /** GD32VF103's FMC is the STM32F1 flash interface: programmed by halfwords with PG set, page and mass erase. */
  readonly flash = new FlashInterface(RV_FLASH_BYTE_SIZE);
  readonly sram = new Memory(RV_SRAM_BYTE_SIZE);
  readonly core: Rv32Core;
  readonly hart: Rv32DebugHart;
  readonly timer: MachineTimer;
  readonly debugModule: DebugModule;
  readonly dtm: JtagDtm;
  /** No ARM JTAG-DP: the chain holds the DTM alone (SimBoard.jtagDevices). */
  readonly debugBuses: readonly DebugBus[] = [];
  readonly jtagDevices: readonly JtagDtm[];
  /** The system bus as the debugger's bus master (System Bus Access) sees it; tests read memory through it. */
  readonly bus: DebugBus;
  /** Virtual time in core cycles since power-on. */
  cycles = 0;
  private resetAsserted = false;
  private ndmresetAsserted = false;

  constructor(options: RiscvBoardOptions = {}) {
    const bus = this.systemBus;
    this.core = new Rv32Core(hartBus(bus, () => this.hart));
    this.hart = new Rv32DebugHart(this.core, new TriggerModule(options.triggerCount));
    this.timer = new MachineTimer({
      timer: (pending) => this.core.setInterruptPending(INTERRUPTS.timer, pending),
      software: (pending) => this.core.setInterruptPending(INTERRUPTS.software, pending),
    });
    bus.map(RV_FLASH_BASE, RV_FLASH_BYTE_SIZE, this.flash.memoryPort)
      .map(INFO_BASE, INFO_BYTE_SIZE, informationBlock(RV_FLASH_BYTE_SIZE / 1024))
      .map(RV_SRAM_BASE, RV_SRAM_BYTE_SIZE, this.sram)
      .map(FLASH_INTERFACE_BASE, 0x400, this.flash.registers)
      .map(DBGMCU_BASE, DBGMCU_BYTE_SIZE, registerBlock(new Gd32Dbgmcu()))
      .map(CLINT_BASE, CLINT_BYTE_SIZE, registerBlock(this.timer))
      .map(USART0_BASE, USART0_BYTE_SIZE, registerBlock(new UartTx(this.uartTx)));
    this.bus = bus.debugPort;
    this.debugModule = new DebugModule(this.hart, new SystemBusAccess(this.bus), {
      programBufferSize: options.programBufferSize,
      memory: this.bus,
      systemReset: (asserted) => {
        this.ndmresetAsserted = asserted;
        this.applyReset();
      },
    });
    this.hart.programBufferSource = this.debugModule;
    this.dtm = new JtagDtm(this.debugModule);
    this.jtagDevices = [this.dtm];
    this.powerOn();
  }

  get active(): boolean {
    if (this.hart.state !== 'running') return false;
    const ticks = this.timer.ticksUntilInterrupt;
    return !this.hart.sleeping || this.core.wakeUpPending || (ticks > 0 && Number.isFinite(ticks));
  }

  run(budget: number): number {
    const hart = this.hart;
    let used = 0;
    while (used < budget && hart.state === 'running') {
      if (hart.sleeping && !this.core.wakeUpPending) {
        // WFI: let time pass up to the timer interrupt, which may wake the hart (not when MTIP is
        // already pending but masked in mie: then nothing can wake it).
        const idle = Math.min(budget - used, this.timer.ticksUntilInterrupt);
        if (idle === 0 || !Number.isFinite(idle)) break;
        this.elapse(idle);
        used += idle;
        continue;
      }
      hart.sleeping = false;
      if (hart.executeOne() === 'halted') break;
      this.elapse(1);
      used++;
    }
    return used;
  }

  /** nSRST (remote_bitbang 's'): the system but the Debug Module, like ndmreset. */
  setSystemReset(asserted: boolean): void {
    this.resetAsserted = asserted;
    this.applyReset();
  }

  /** Places firmware in flash or SRAM as a programmer would, then power-cycles the board. */
  loadFirmware(segments: readonly FirmwareSegment[]): void {
    for (const { address, data } of segments) {
      const inside = (base: number, size: number): boolean => address >= base && address + data.length <= base + size;
      if (inside(RV_FLASH_BASE, RV_FLASH_BYTE_SIZE)) this.flash.array.bytes.set(data, address - RV_FLASH_BASE);
      else if (inside(RV_SRAM_BASE, RV_SRAM_BYTE_SIZE)) this.sram.bytes.set(data, address - RV_SRAM_BASE);
      else throw new UserError(`firmware segment at 0x${address.toString(16)} (${data.length} bytes) is outside flash and SRAM`);
    }
    this.powerOn();
  }

  private powerOn(): void {
    this.hart.holdInReset();
    this.applyReset();
  }

  /** While nSRST or ndmreset is held the hart is unavailable; it leaves reset at the flash base (§3.5). */
  private applyReset(): void {
    if (this.resetAsserted || this.ndmresetAsserted) {
      this.hart.holdInReset();
      return;
    }
    if (this.hart.state !== 'unavailable') return;
    this.timer.reset();
    this.flash.reset();
    this.hart.releaseReset(RV_RESET_PC);
  }

  private elapse(cycles: number): void {
    this.cycles += cycles;
    this.timer.advance(cycles);
  }
}
