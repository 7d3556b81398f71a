// The transmit half of the GD32VF103's USART0 (user manual 16.4): STAT reads "transmit buffer
// empty" and "transmission complete" at all times, and each byte written to DATA leaves at once.
import type { TypedEvent } from '../../../src/common';
import type { WordRegisters } from '../board/systemBus';

export const USART0_BASE = 0x40013800;
export const USART0_BYTE_SIZE = 0x400;
const STAT = 0x00;
const DATA = 0x04;
/** USART_STAT: TBE (bit 7) and TC (bit 6). */
const STAT_READY = (1 << 7) | (1 << 6);

/** Other registers (baud rate, control) read 0 and ignore writes: nothing here depends on them. */
export class UartTx implements WordRegisters {
  constructor(private readonly transmitted: TypedEvent<number>) {}

  readWord(offset: number): number {
    return offset === STAT ? STAT_READY : 0;
  }

  writeWord(offset: number, value: number): boolean {
    if (offset === DATA) this.transmitted.emit(value & 0xff);
    return true;
  }
}
