// An STM32F0 USART transmitter (RM0091 27.8): a byte written to TDR while UE and TE are set
// leaves at once, so TXE and TC always read 1. The receiver never receives, but reads of RDR are
// counted: on the real chip each one clears RXNE (27.8.10), so a debugger must not make them unasked.
import type { TypedEvent } from '../../../src/common';
import type { WordRegisters } from './systemBus';

export const USART1_BASE = 0x40013800;
/** USART1 global interrupt is IRQ 27 on the STM32F030 (RM0091 11.1.3, table 37). */
export const USART1_IRQ = 27;
export const USART_REGS = {
  CR1: 0x00, CR2: 0x04, CR3: 0x08, BRR: 0x0c, GTPR: 0x10, RTOR: 0x14, RQR: 0x18, ISR: 0x1c,
  ICR: 0x20, RDR: 0x24, TDR: 0x28,
} as const;
const CR1_UE = 1 << 0;
const CR1_RE = 1 << 2;
const CR1_TE = 1 << 3;
const CR1_TCIE = 1 << 6;
const CR1_TXEIE = 1 << 7;
const ISR_TC = 1 << 6;
const ISR_TXE = 1 << 7;
const ISR_TEACK = 1 << 21;
const ISR_REACK = 1 << 22;

export class Usart implements WordRegisters {
  private cr1 = 0;
  private cr2 = 0;
  private cr3 = 0;
  private brr = 0;
  private gtpr = 0;
  private rtor = 0;
  private tdr = 0;
  private rdrReadCount = 0;

  /** `tx` receives each transmitted byte; `setIrqLine` drives the NVIC input. */
  constructor(
    private readonly tx: TypedEvent<number>,
    private readonly setIrqLine: (high: boolean) => void,
  ) {}

  /** Reads of RDR by anyone (core or debugger) since power-on: each would pop a received byte. */
  get rdrReads(): number {
    return this.rdrReadCount;
  }

  reset(): void {
    this.cr1 = this.cr2 = this.cr3 = this.brr = this.gtpr = this.rtor = this.tdr = 0;
    this.updateIrq();
  }

  readWord(offset: number): number {
    switch (offset) {
      case USART_REGS.CR1: return this.cr1;
      case USART_REGS.CR2: return this.cr2;
      case USART_REGS.CR3: return this.cr3;
      case USART_REGS.BRR: return this.brr;
      case USART_REGS.GTPR: return this.gtpr;
      case USART_REGS.RTOR: return this.rtor;
      case USART_REGS.ISR: return this.isr();
      case USART_REGS.TDR: return this.tdr;
      case USART_REGS.RDR:
        this.rdrReadCount++;
        return 0;
      default: return 0;
    }
  }

  writeWord(offset: number, value: number): boolean {
    switch (offset) {
      case USART_REGS.CR1: this.cr1 = value; this.updateIrq(); break;
      case USART_REGS.CR2: this.cr2 = value; break;
      case USART_REGS.CR3: this.cr3 = value; break;
      case USART_REGS.BRR: this.brr = value & 0xffff; break;
      case USART_REGS.GTPR: this.gtpr = value & 0xffff; break;
      case USART_REGS.RTOR: this.rtor = value; break;
      case USART_REGS.TDR:
        this.tdr = value & 0x1ff;
        if ((this.cr1 & (CR1_UE | CR1_TE)) === (CR1_UE | CR1_TE)) this.tx.emit(value & 0xff);
        break;
      default: break;
    }
    return true;
  }

  /** TXE and TC are always set: the shift register empties instantly. TEACK/REACK follow TE/RE. */
  private isr(): number {
    const enabled = (this.cr1 & CR1_UE) !== 0;
    return ISR_TXE | ISR_TC | (enabled && this.cr1 & CR1_TE ? ISR_TEACK : 0) | (enabled && this.cr1 & CR1_RE ? ISR_REACK : 0);
  }

  private updateIrq(): void {
    this.setIrqLine((this.cr1 & CR1_UE) !== 0 && (this.cr1 & (CR1_TXEIE | CR1_TCIE)) !== 0);
  }
}
