// Unit tests of the pure fault decoder: exception names, CFSR/HFSR bits and fault addresses
// (ARMv7-M B3.2.15-B3.2.18), and the report text the adapter shows in exceptionInfo.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeFaultStatus, exceptionName, formatFaultReport, xpsrExceptionNumber } from '../../../src/engine/faults';

describe('fault decoder', () => {
  it('names exception numbers as ARMv7-M B1.5.2 does', () => {
    assert.deepEqual([0, 1, 3, 4, 5, 6, 11, 15, 16, 21, 7].map(exceptionName), ['Thread mode', 'Reset', 'HardFault', 'MemManage', 'BusFault', 'UsageFault', 'SVCall', 'SysTick', 'IRQ 0', 'IRQ 5', 'reserved(7)']);
  });

  it('takes IPSR from xPSR bits 8:0 only', () => {
    assert.equal(xpsrExceptionNumber(0x61000003), 3);
    assert.equal(xpsrExceptionNumber(0x01000115), 0x115);
  });

  it('decodes a forced precise bus fault with its valid BFAR, and ignores MMFAR when MMARVALID is clear', () => {
    const lines = decodeFaultStatus({ cfsr: (1 << 9) | (1 << 15), hfsr: 1 << 30, mmfar: 0xe000edf0, bfar: 0x3ffffff0 });
    assert.deepEqual(lines, [
      'HFSR.FORCED: a configurable fault escalated to HardFault (see CFSR)',
      'BFSR.PRECISERR: precise data bus error',
      'BFAR: faulting address 0x3ffffff0',
    ]);
  });

  it('decodes usage faults and a memory-management fault with its address', () => {
    const lines = decodeFaultStatus({ cfsr: (1 << 16) | (1 << 25) | (1 << 1) | (1 << 7), hfsr: 0, mmfar: 0x20001000, bfar: 0 });
    assert.deepEqual(lines, [
      'MMFSR.DACCVIOL: data access to a location the MPU forbids',
      'UFSR.UNDEFINSTR: undefined instruction',
      'UFSR.DIVBYZERO: division by zero (CCR.DIV_0_TRP)',
      'MMFAR: faulting address 0x20001000',
    ]);
  });

  it('finds nothing in all-zero registers', () => {
    assert.deepEqual(decodeFaultStatus({ cfsr: 0, hfsr: 0, mmfar: 0, bfar: 0 }), []);
  });

  it('formats a report: exception, stacked PC with function and line, stacked xPSR, status', () => {
    const text = formatFaultReport({
      exception: 'HardFault',
      exceptionNumber: 3,
      context: { pc: 0x080001a2, function: 'fault_now', source: { path: '/src/fault.c', line: 18 }, xpsr: 0x61000000 },
      faultStatus: 'ARMv6-M has no fault status registers',
    });
    assert.equal(text, [
      'HardFault (exception 3)',
      'stacked PC 0x080001a2 in fault_now (fault.c:18)',
      'stacked xPSR 0x61000000: exception number 0 (Thread mode) was interrupted',
      'ARMv6-M has no fault status registers',
    ].join('\n'));
  });

  it('says why the context is unknown and when no status bit is set', () => {
    const text = formatFaultReport({ exception: 'BusFault', exceptionNumber: 5, context: 'no exception frame on the stack', faultStatus: [] });
    assert.equal(text, 'BusFault (exception 5)\nfaulting context unknown: no exception frame on the stack\nno fault status bit is set (CFSR and HFSR are 0)');
  });
});
