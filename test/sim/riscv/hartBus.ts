// The RV32 hart's view of the system bus (the core's Rv32Bus): error responses become Rv32BusError
// (access faults), and loads and stores ask the Debug Mode side for data triggers first. No state.
import type { SystemBus } from '../board/systemBus';
import type { AccessSize } from '../ports';
import type { Rv32DebugHart } from './debugHart';
import { Rv32BusError, type Rv32Bus } from './rv32Core';

/** The Rv32Bus of `hart()` over `bus`; the hart is looked up late because it is built on this bus. */
export function hartBus(bus: SystemBus, hart: () => Rv32DebugHart): Rv32Bus {
  const load = (address: number, size: AccessSize): number => {
    hart().checkDataTrigger('load', address);
    return read(address, size);
  };
  const read = (address: number, size: AccessSize): number => {
    const value = bus.read(address, size, 'core');
    if (value === undefined) throw new Rv32BusError(address);
    return value;
  };
  const store = (address: number, size: AccessSize, value: number): void => {
    hart().checkDataTrigger('store', address);
    if (!bus.write(address, size, value, 'core')) throw new Rv32BusError(address);
  };
  return {
    read8: (address) => load(address, 1),
    read16: (address) => {
      const debug = hart();
      if (!debug.isFetch(address)) return load(address, 2);
      const halfword = read(address, 2);
      debug.fetched(halfword);
      return halfword;
    },
    read32: (address) => load(address, 4),
    write8: (address, value) => store(address, 1, value),
    write16: (address, value) => store(address, 2, value),
    write32: (address, value) => store(address, 4, value),
  };
}
