// The RV32 trap entry: where exceptions enter for each mtvec MODE (Privileged Spec 3.1.7; CLIC
// mode 3) and mcause/mepc/mtval decoded by table 3.6, interrupts told from exceptions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RV32_TRAP_ENTRY } from '../../../src/engine/arch/rv32Trap';

const registers = (values: Record<string, number>) => new Map(Object.entries(values).map(([name, value]) => [name, BigInt(value)]));

describe('RV32_TRAP_ENTRY', () => {
  it('exceptions enter at BASE: direct (0) and vectored (1) clear MODE, CLIC mode (3) aligns BASE to 64', () => {
    assert.equal(RV32_TRAP_ENTRY.entryAddress(registers({ mtvec: 0x0800_01d0 })), 0x0800_01d0);
    assert.equal(RV32_TRAP_ENTRY.entryAddress(registers({ mtvec: 0x0800_0101 })), 0x0800_0100);
    assert.equal(RV32_TRAP_ENTRY.entryAddress(registers({ mtvec: 0x8000_0043 })), 0x8000_0040);
    assert.equal(RV32_TRAP_ENTRY.entryAddress(registers({})), undefined);
  });

  it('decodes an exception: its name, code, mepc and what mtval holds for it', () => {
    assert.deepEqual(RV32_TRAP_ENTRY.decode(registers({ mcause: 5, mepc: 0x0800_02fe, mtval: 0x6000_0000 })), {
      interrupt: false, name: 'Load access fault', code: 5, cause: 5, pc: 0x0800_02fe, value: 0x6000_0000, valueMeaning: 'the faulting load address',
    });
    assert.equal(RV32_TRAP_ENTRY.decode(registers({ mcause: 2, mepc: 0, mtval: 0 }))?.name, 'Illegal instruction');
    assert.equal(RV32_TRAP_ENTRY.decode(registers({ mcause: 11, mepc: 0, mtval: 0 }))?.name, 'Environment call from M-mode');
    assert.equal(RV32_TRAP_ENTRY.decode(registers({ mcause: 10, mepc: 0, mtval: 0 }))?.name, 'Exception 10', 'a reserved code keeps its number');
  });

  it('tells an interrupt by mcause bit 31 (the machine timer: 0x80000007)', () => {
    const trap = RV32_TRAP_ENTRY.decode(registers({ mcause: 0x8000_0007, mepc: 0x0800_0120, mtval: 0 }));
    assert.deepEqual([trap?.interrupt, trap?.name, trap?.code, trap?.cause], [true, 'Machine timer interrupt', 7, 0x8000_0007]);
  });

  it('decodes nothing without mcause, mepc and mtval', () => {
    assert.equal(RV32_TRAP_ENTRY.decode(registers({ mcause: 5, mepc: 0 })), undefined);
  });
});
