// Instruction-level tests of the ARMv6-M core wrapper, driven with hand-assembled Thumb opcodes
// (encodings from ARMv6-M ARM A6.7, checked with arm-none-eabi-as), plus tests pinning the
// rp2040js quirks the wrapper fixes, so that an upgrade changing them fails here first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawCortexM0Core, RP2040JS_VERSION } from './armv6mCore';
import { boardWithCode, CODE_BASE, DEFAULT_HANDLER, flags, INITIAL_SP, reg, steps } from './boardFixture';
import { SRAM_BASE } from './index';

const FLAG_BITS: Record<string, number> = { N: 1 << 31, Z: 1 << 30, C: 1 << 29, V: 1 << 28 };

/** Runs `code` for `count` instructions after setting registers and flags ("C", "NV"...). */
function run(code: number[], setup: Record<number, number> = {}, setFlags = '', count = code.length) {
  const board = boardWithCode(code);
  for (const [r, value] of Object.entries(setup)) board.cpu.writeRegister(Number(r), value);
  let xpsr = 1 << 24;
  for (const f of setFlags) xpsr |= FLAG_BITS[f];
  board.cpu.writeRegister(16, xpsr >>> 0);
  steps(board, count);
  return board;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

describe('rp2040js quirks the wrapper relies on (pinned to 1.4.1)', () => {
  function rawCore(memory: Uint16Array, log: string[] = []) {
    const host = {
      logger: { debug() {}, info() {}, error() {}, warn: (_c: string, m: string) => log.push(m) },
      onBreak: (code: number) => log.push(`break ${code}`),
      readUint16: (a: number) => memory[(a & 0xffff) >> 1],
      readUint32: (a: number) => memory[(a & 0xffff) >> 1] | (memory[((a & 0xffff) >> 1) + 1] << 16),
      readUint8: () => 0,
      writeUint32: () => undefined,
      writeUint16: () => undefined,
      writeUint8: () => undefined,
    };
    return new RawCortexM0Core(host);
  }

  it('is the version the fixes were written for', () => {
    assert.equal(RP2040JS_VERSION, '1.4.1');
  });

  it('calls onBreak for BKPT after PC has moved past it', () => {
    const memory = new Uint16Array(0x100);
    memory[0x40] = 0xbe11;
    const log: string[] = [];
    const core = rawCore(memory, log);
    core.PC = 0x80;
    core.executeInstruction();
    assert.deepEqual(log, ['break 17']);
    assert.equal(core.PC, 0x82);
  });

  it('leaves bit 0 of the vector in PC on exception entry', () => {
    const memory = new Uint16Array(0x100);
    memory[(15 * 4) >> 1] = 0x0091; // SysTick vector 0x91
    const core = rawCore(memory);
    core.SP = 0x100;
    core.exceptionEntry(15);
    assert.equal(core.PC, 0x91);
  });

  it('takes a pending exception inside executeInstruction and runs the handler instruction', () => {
    const memory = new Uint16Array(0x100);
    memory[(15 * 4) >> 1] = 0x0091;
    memory[0x90 >> 1] = 0x2007; // movs r0, #7 (the handler's first instruction)
    memory[0x40] = 0x2001; // movs r0, #1 (the interrupted code)
    const core = rawCore(memory);
    core.SP = 0x100;
    core.PC = 0x80;
    core.pendingSystick = true;
    core.interruptsUpdated = true;
    core.executeInstruction();
    assert.equal(core.registers[0], 7);
  });

  it('only logs an undefined instruction and moves on (no HardFault)', () => {
    const memory = new Uint16Array(0x100);
    memory[0x40] = 0xb100; // CBZ: ARMv7-M only, undefined on ARMv6-M
    const log: string[] = [];
    const core = rawCore(memory, log);
    core.PC = 0x80;
    core.executeInstruction();
    assert.equal(core.PC, 0x82);
    assert.match(log[0], /^Warning: Instruction at 80 is not implemented yet!/);
  });

  it('has no SysTick, NVIC or SCB of its own: PPB loads go to the host like any other address', () => {
    const memory = new Uint16Array(0x100);
    memory[0x40] = 0x6808; // ldr r0, [r1]
    const reads: number[] = [];
    const core = rawCore(memory);
    const host = (core as unknown as { rp2040: { readUint32: (a: number) => number } }).rp2040;
    host.readUint32 = (address: number) => {
      reads.push(address);
      return 0x1234;
    };
    core.PC = 0x80;
    core.registers[1] = 0xe000e010; // SYST_CSR
    core.executeInstruction();
    assert.deepEqual(reads, [0xe000e010]);
    assert.equal(core.registers[0], 0x1234);
  });

  it('computes ADCS overflow and shift-by-zero carry wrongly (fixed by the wrapper)', () => {
    const memory = new Uint16Array(0x100);
    memory[0x40] = 0x4148; // adcs r0, r1
    memory[0x41] = 0x40c8; // lsrs r0, r1 (r1 = 0)
    const core = rawCore(memory);
    core.PC = 0x80;
    core.registers[0] = 0x7fffffff;
    core.registers[1] = 0;
    core.C = true;
    core.executeInstruction();
    assert.equal(core.V, false, 'rp2040js misses the overflow of 0x7fffffff + 0 + 1');
    core.C = false;
    core.registers[0] = 0x80000000;
    core.executeInstruction();
    assert.equal(core.C, true, 'rp2040js sets C from bit 31 on a shift by 0');
  });
});

describe('ARMv6-M instructions through the wrapper', () => {
  it('data processing sets N, Z, C, V like AddWithCarry', () => {
    assert.equal(flags(run([0x2000])), 'nZcv'); // movs r0, #0
    let b = run([0x3001], { 0: 0x7fffffff }); // adds r0, #1
    assert.equal(hex(reg(b, 0)), '0x80000000');
    assert.equal(flags(b), 'NzcV');
    b = run([0x3001], { 0: 0xffffffff });
    assert.equal(reg(b, 0), 0);
    assert.equal(flags(b), 'nZCv');
    b = run([0x3801], { 0: 0 }); // subs r0, #1
    assert.equal(hex(reg(b, 0)), '0xffffffff');
    assert.equal(flags(b), 'Nzcv');
    assert.equal(flags(run([0x4288], { 0: 5, 1: 5 })), 'nZCv'); // cmp r0, r1
    assert.equal(flags(run([0x4288], { 0: 3, 1: 5 })), 'Nzcv');
    b = run([0x1c41], { 0: 41 }); // adds r1, r0, #1
    assert.equal(reg(b, 1), 42);
    assert.equal(flags(run([0x42c8], { 0: 0x80000000, 1: 0x80000000 })), 'nZCV'); // cmn r0, r1
    b = run([0x4248], { 1: 1 }); // negs r0, r1
    assert.equal(hex(reg(b, 0)), '0xffffffff');
    assert.equal(flags(b), 'Nzcv');
  });

  it('ADCS and SBCS use the carry in and set V correctly', () => {
    let b = run([0x4148], { 0: 0x7fffffff, 1: 0 }, 'C'); // adcs r0, r1
    assert.equal(hex(reg(b, 0)), '0x80000000');
    assert.equal(flags(b), 'NzcV');
    b = run([0x4148], { 0: 0xffffffff, 1: 0 }, 'C');
    assert.equal(reg(b, 0), 0);
    assert.equal(flags(b), 'nZCv');
    b = run([0x4188], { 0: 5, 1: 3 }); // sbcs r0, r1 with C clear: 5 - 3 - 1
    assert.equal(reg(b, 0), 1);
    assert.equal(flags(b), 'nzCv');
    b = run([0x4188], { 0: 0x80000000, 1: 1 }, 'C');
    assert.equal(hex(reg(b, 0)), '0x7fffffff');
    assert.equal(flags(b), 'nzCV');
  });

  it('logical operations, MVNS, TST and MULS', () => {
    const r = { 0: 0xf0f0f0f0, 1: 0xff00ff00 };
    assert.equal(hex(reg(run([0x4008], r), 0)), '0xf000f000'); // ands
    assert.equal(hex(reg(run([0x4308], r), 0)), '0xfff0fff0'); // orrs
    assert.equal(hex(reg(run([0x4048], r), 0)), '0xff00ff0'); // eors
    assert.equal(hex(reg(run([0x4388], r), 0)), '0xf000f0'); // bics
    assert.equal(hex(reg(run([0x43c8], r), 0)), '0xff00ff'); // mvns
    assert.equal(flags(run([0x4208], { 0: 0x0f, 1: 0xf0 }, 'C')), 'nZCv'); // tst keeps C
    const b = run([0x4348], { 0: 0x10001, 1: 0x10001 }); // muls r0, r1, r0
    assert.equal(hex(reg(b, 0)), '0x20001');
  });

  it('shifts by immediate and by register, with the carry out', () => {
    let b = run([0x0108], { 1: 0x1800000f }); // lsls r0, r1, #4
    assert.equal(hex(reg(b, 0)), '0x800000f0');
    assert.equal(flags(b), 'NzCv');
    b = run([0x0908], { 1: 0x18 }); // lsrs r0, r1, #4
    assert.equal(reg(b, 0), 1);
    assert.equal(flags(b), 'nzCv');
    b = run([0x1108], { 1: 0x80000000 }); // asrs r0, r1, #4
    assert.equal(hex(reg(b, 0)), '0xf8000000');
    b = run([0x40c8], { 0: 0x80000001, 1: 0 }, 'C'); // lsrs r0, r1 by 0 keeps C
    assert.equal(flags(b), 'NzCv');
    b = run([0x4088], { 0: 0x80000001, 1: 0 }); // lsls by 0 keeps C clear
    assert.equal(flags(b), 'Nzcv');
    b = run([0x4088], { 0: 0xffffffff, 1: 33 }, 'C'); // lsls by 33: result 0, C 0
    assert.equal(reg(b, 0), 0);
    assert.equal(flags(b), 'nZcv');
    b = run([0x4108], { 0: 0x80000000, 1: 40 }); // asrs by 40
    assert.equal(hex(reg(b, 0)), '0xffffffff');
    assert.equal(flags(b), 'NzCv');
    b = run([0x41c8], { 0: 0x12345678, 1: 8 }); // rors r0, r1
    assert.equal(hex(reg(b, 0)), '0x78123456');
    assert.equal(flags(b), 'nzcv');
    b = run([0x41c8], { 0: 0x12345678, 1: 0 }, 'C'); // rors by 0 keeps C
    assert.equal(flags(b), 'nzCv');
  });

  it('loads and stores words, halfwords and bytes, signed and unsigned', () => {
    const base = SRAM_BASE + 0x100;
    let b = run([0x6048, 0x684a], { 0: 0xdeadbeef, 1: base }); // str r0,[r1,#4]; ldr r2,[r1,#4]
    assert.equal(hex(reg(b, 2)), '0xdeadbeef');
    assert.equal(hex(b.bus.read(base + 4, 4) ?? -1), '0xdeadbeef');
    b = run([0x8048, 0x884a], { 0: 0x1234abcd, 1: base }); // strh; ldrh
    assert.equal(hex(reg(b, 2)), '0xabcd');
    b = run([0x7048, 0x784a], { 0: 0x1234abcd, 1: base }); // strb; ldrb
    assert.equal(hex(reg(b, 2)), '0xcd');
    b = run([0x50c8, 0x56ca], { 0: 0x80, 1: base, 3: 8 }); // str r0,[r1,r3]; ldrsb r2,[r1,r3]
    assert.equal(hex(reg(b, 2)), '0xffffff80');
    b = run([0x50c8, 0x5eca], { 0: 0x8001, 1: base, 3: 8 }); // str; ldrsh r2,[r1,r3]
    assert.equal(hex(reg(b, 2)), '0xffff8001');
    b = run([0x50c8, 0x58ca], { 0: 77, 1: base, 3: 12 }); // str; ldr r2,[r1,r3]
    assert.equal(reg(b, 2), 77);
    b = run([0x9002, 0x9a02], { 0: 99, 13: base + 0x100 }); // str r0,[sp,#8]; ldr r2,[sp,#8]
    assert.equal(reg(b, 2), 99);
    assert.equal(b.bus.read(INITIAL_SP, 4), undefined, 'SRAM ends at the initial SP');
    b = run([0x4a01, 0xbf00, 0xbf00, 0xbf00, 0x5678, 0x1234], {}, '', 1); // ldr r2,[pc,#4]
    assert.equal(hex(reg(b, 2)), '0x12345678');
  });

  it('PUSH/POP and LDM/STM move register lists and write back', () => {
    let b = run([0xb503, 0xbc1c], { 0: 1, 1: 2, 14: 0x3333 }); // push {r0,r1,lr}; pop {r2,r3,r4}
    assert.deepEqual([reg(b, 2), reg(b, 3), reg(b, 4)], [1, 2, 0x3333]);
    assert.equal(hex(reg(b, 13)), hex(INITIAL_SP));
    const base = SRAM_BASE + 0x200;
    b = run([0xc10c, 0x3908, 0xc930], { 1: base, 2: 5, 3: 6 }); // stmia r1!,{r2,r3}; subs r1,#8; ldmia r1!,{r4,r5}
    assert.deepEqual([reg(b, 4), reg(b, 5)], [5, 6]);
    assert.equal(hex(reg(b, 1)), hex(base + 8));
    b = run([0xbd01], { 13: SRAM_BASE + 0x300 }); // pop {r0, pc}
    assert.equal(hex(reg(b, 15)), '0x0', 'SRAM holds zeros');
  });

  it('evaluates every B<cond> condition from N, Z, C, V (ARMv6-M A6.3.1)', () => {
    const cases: [string, number, string, boolean][] = [
      ['EQ', 0, 'Z', true], ['EQ', 0, '', false], ['NE', 1, '', true], ['NE', 1, 'Z', false],
      ['CS', 2, 'C', true], ['CS', 2, '', false], ['CC', 3, '', true], ['CC', 3, 'C', false],
      ['MI', 4, 'N', true], ['MI', 4, '', false], ['PL', 5, '', true], ['PL', 5, 'N', false],
      ['VS', 6, 'V', true], ['VS', 6, '', false], ['VC', 7, '', true], ['VC', 7, 'V', false],
      ['HI', 8, 'C', true], ['HI', 8, 'CZ', false], ['LS', 9, 'Z', true], ['LS', 9, 'C', false],
      ['GE', 10, 'NV', true], ['GE', 10, 'N', false], ['LT', 11, 'V', true], ['LT', 11, 'NV', false],
      ['GT', 12, '', true], ['GT', 12, 'Z', false], ['LE', 13, 'Z', true], ['LE', 13, 'NV', false],
    ];
    for (const [name, cond, setFlags, taken] of cases) {
      const b = run([0xd002 | (cond << 8)], {}, setFlags);
      assert.equal(reg(b, 15), CODE_BASE + (taken ? 8 : 2), `B${name} with flags "${setFlags}"`);
    }
  });

  it('branches: B, conditional B, BL, BX, BLX', () => {
    let b = run([0xe002]); // b .+8
    assert.equal(hex(reg(b, 15)), hex(CODE_BASE + 8));
    b = run([0xd002], {}, 'Z'); // beq taken
    assert.equal(hex(reg(b, 15)), hex(CODE_BASE + 8));
    b = run([0xd002]); // beq not taken
    assert.equal(hex(reg(b, 15)), hex(CODE_BASE + 2));
    b = run([0xf000, 0xf87e], {}, '', 1); // bl .+0x100
    assert.equal(hex(reg(b, 15)), hex(CODE_BASE + 0x100));
    assert.equal(hex(reg(b, 14)), hex((CODE_BASE + 4) | 1));
    b = run([0x4708], { 1: (CODE_BASE + 0x40) | 1 }); // bx r1
    assert.equal(hex(reg(b, 15)), hex(CODE_BASE + 0x40));
    b = run([0x4788], { 1: (CODE_BASE + 0x40) | 1 }); // blx r1
    assert.equal(hex(reg(b, 15)), hex(CODE_BASE + 0x40));
    assert.equal(hex(reg(b, 14)), hex((CODE_BASE + 2) | 1));
  });

  it('CPS, MRS and MSR reach PRIMASK, MSP, PSP, CONTROL and IPSR', () => {
    let b = run([0xb672, 0xf3ef, 0x8010], {}, '', 2); // cpsid i; mrs r0, primask
    assert.equal(reg(b, 0), 1);
    assert.equal(reg(b, 20) & 1, 1);
    b = run([0xb672, 0xb662], {}, '', 2); // cpsid; cpsie
    assert.equal(reg(b, 20) & 1, 0);
    b = run([0xf3ef, 0x8008], {}, '', 1); // mrs r0, msp
    assert.equal(hex(reg(b, 0)), hex(INITIAL_SP));
    b = run([0xf380, 0x8809, 0x2002, 0xf380, 0x8814], { 0: SRAM_BASE + 0x400 }, '', 3); // msr psp; movs r0,#2; msr control
    assert.equal(hex(reg(b, 18)), hex(SRAM_BASE + 0x400));
    assert.equal(hex(reg(b, 13)), hex(SRAM_BASE + 0x400), 'SP is PSP once CONTROL.SPSEL is set');
    assert.equal(reg(b, 20) >>> 24, 2);
    b = run([0xf3ef, 0x8005], {}, '', 1); // mrs r0, ipsr
    assert.equal(reg(b, 0), 0);
  });

  it('REV, REV16, REVSH, SXTB, SXTH, UXTB, UXTH', () => {
    const r = { 1: 0x1234f680 };
    assert.equal(hex(reg(run([0xba08], r), 0)), '0x80f63412');
    assert.equal(hex(reg(run([0xba48], r), 0)), '0x341280f6');
    assert.equal(hex(reg(run([0xbac8], r), 0)), '0xffff80f6');
    assert.equal(hex(reg(run([0xb248], r), 0)), '0xffffff80');
    assert.equal(hex(reg(run([0xb208], r), 0)), '0xfffff680');
    assert.equal(hex(reg(run([0xb2c8], r), 0)), '0x80');
    assert.equal(hex(reg(run([0xb288], r), 0)), '0xf680');
  });

  it('SP arithmetic, ADR and high-register MOV/ADD/CMP', () => {
    let b = run([0xb084, 0xa802]); // sub sp,#16; add r0,sp,#8
    assert.equal(hex(reg(b, 0)), hex(INITIAL_SP - 8));
    b = run([0xa001]); // adr r0, .+8 (Align(PC,4) + 4)
    assert.equal(hex(reg(b, 0)), hex(CODE_BASE + 8));
    b = run([0x4680, 0x4440, 0x4580], { 0: 21 }); // mov r8,r0; add r0,r8; cmp r8,r0
    assert.equal(reg(b, 8), 21);
    assert.equal(reg(b, 0), 42);
    assert.equal(flags(b), 'Nzcv');
    b = run([0x4678]); // mov r0, pc reads the instruction address + 4
    assert.equal(hex(reg(b, 0)), hex(CODE_BASE + 4));
  });

  it('SVC enters the SVCall handler with an exception frame, and BX LR returns', () => {
    const handler = CODE_BASE + 0x80;
    const board = boardWithCode([0x2105, 0xdf00, 0x2203], {
      vectors: { 11: handler },
      blocks: new Map([[handler, [0xf3ef, 0x8405, 0x4770]]]), // mrs r4, ipsr; bx lr
    });
    steps(board, 2); // movs r1,#5; svc #0 (entry included)
    assert.equal(hex(reg(board, 15)), hex(handler));
    assert.equal(hex(reg(board, 14)), '0xfffffff9');
    assert.equal(reg(board, 16) & 0x3f, 11);
    assert.equal(board.bus.read(reg(board, 13) + 4, 4), 5, 'stacked r1');
    assert.equal(hex(board.bus.read(reg(board, 13) + 0x18, 4) ?? 0), hex(CODE_BASE + 4), 'return address');
    steps(board, 3); // mrs; bx lr; movs r2,#3
    assert.equal(reg(board, 4), 11);
    assert.equal(reg(board, 2), 3);
    assert.equal(reg(board, 16) & 0x3f, 0);
    assert.equal(hex(reg(board, 13)), hex(INITIAL_SP));
  });

  it('an undefined instruction and a bus fault enter HardFault with PC stacked at the culprit', () => {
    const hardFault = CODE_BASE + 0x80;
    for (const code of [[0xde00], [0xb100], [0x6808]]) { // udf #0; cbz (not ARMv6-M); ldr r0,[r1]
      const board = boardWithCode(code, { vectors: { 3: hardFault }, blocks: new Map([[hardFault, [0xe7fe]]]) });
      board.cpu.writeRegister(1, 0x30000000); // unmapped
      steps(board, 1);
      assert.equal(hex(reg(board, 15)), hex(hardFault), `opcode ${hex(code[0])}`);
      assert.equal(reg(board, 16) & 0x3f, 3);
      assert.equal(hex(board.bus.read(reg(board, 13) + 0x18, 4) ?? 0), hex(CODE_BASE));
    }
  });

  it('an unaligned word load faults (ARMv6-M has no unaligned access)', () => {
    const board = boardWithCode([0x6808], { vectors: { 3: DEFAULT_HANDLER } }); // ldr r0,[r1]
    board.cpu.writeRegister(1, SRAM_BASE + 2);
    steps(board, 1);
    assert.equal(hex(reg(board, 15)), hex(DEFAULT_HANDLER));
  });
});
