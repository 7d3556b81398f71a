// setVariable / setExpression on the halted simulated board: each kind of value is assigned with
// planAssignment, written through OpenOCD, then read back through OpenOCD (a new cache) and
// compared with GDB's `print` on the same target. Flash is refused.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../../src/common';
import { evaluateCExpression, FrameScope, planAssignment, printCExpression } from '../../../src/engine/expressions';
import { StackUnwinder, targetFrameMemory, type StackFrame } from '../../../src/engine/stack';
import { callSiteEntryValues, FrameContext, frameScopeAt, localsOf, MemoryCache, programSymbols, ValueReader, type WritePlan } from '../../../src/engine/values';
import { firmwareDir } from '../../helpers/firmware';
import { LiveBoard } from './liveBoard';

/** STM32F030 flash (test/firmware/stm32f030.ld): writes there must be refused. */
const FLASH = [{ address: 0x08000000, byteLength: 0x10000 }];
const ARM_REGISTER_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc'];

describe('setVariable on the live target (-Og)', () => {
  let live: LiveBoard;
  let frames: readonly StackFrame[];

  const contextOf = (frame: StackFrame, memory: MemoryCache): FrameContext => ({
    littleEndian: true,
    addressByteSize: 4,
    cfa: frame.cfa,
    register: (n) => frame.registers.get(n),
    symbolAt: programSymbols(live.program),
    entryValue: callSiteEntryValues(live.program.dwarf, frames, frame.index, (caller) => contextOf(caller, memory), memory),
  });

  /** A fresh view of the halted target (new cache, registers unwound again). */
  async function view(): Promise<{ scope: FrameScope; reader: ValueReader; memory: MemoryCache }> {
    frames = (await new StackUnwinder(live.program, targetFrameMemory(live.target)).all()).frames;
    const memory = new MemoryCache(live.target);
    const frame = contextOf(frames[0], memory);
    return { scope: new FrameScope({ dwarf: live.program.dwarf, pc: frames[0].pc, frame, memory }), reader: new ValueReader(frame, memory), memory };
  }

  async function apply(plan: WritePlan): Promise<void> {
    if (plan.kind === 'memory') await live.commands.writeBytes(plan.address, plan.bytes);
    else await live.commands.setReg(ARM_REGISTER_NAMES[plan.register], plan.value);
  }

  before(async () => {
    live = await LiveBoard.start('Og');
    const source = readFileSync(`${firmwareDir}/workload.c`, 'utf8').split('\n');
    const line = source.findIndex((text) => text.includes('if (enabled) sum +=')) + 1;
    const workload = live.program.sourceFiles().find((path) => path.endsWith('workload.c'))!;
    await live.runTo(live.program.resolveLine(workload, line).locations[0].address);
  });
  after(async () => {
    await live?.close();
  });

  const cases: readonly [target: string, newValue: string | undefined, shown: string | undefined][] = [
    ['g_i32', '-5', '-5'],
    ['g_u8', '200', "200 '\\310'"],
    ['g_i64', '-1234567890123', '-1234567890123'],
    ['g_u64', '0xFFFFFFFFFFFFFFFF', '18446744073709551615'],
    ['g_float', '2.25', '2.25'],
    ['g_double', 'g_double * 2', '-2469.125'],
    ['g_true', '0', 'false'],
    ['g_char', "'z'", "122 'z'"],
    ['g_color', 'COLOR_WHITE', 'COLOR_WHITE'],
    ['g_color', '1', 'COLOR_GREEN'],
    ['g_mode', 'MODE_FAST', 'MODE_FAST'],
    ['g_status.delta', '-2', '-2'],
    ['g_status.code', '0x1234', '4660'],
    ['g_status', undefined, '{ready = 1, mode = 5, delta = -2, level = 100, error = true, code = 4660}'],
    ['g_record_ptr', '&g_record_tail', undefined],
    ['g_points[1].y', '99', '99'],
    ['g_squares[7]', 'g_squares[7] + g_squares[6]', '85'],
  ];

  for (const [target, newValue, shown] of cases) {
    it(newValue === undefined ? `reads ${target} back as GDB does after the bitfield writes` : `assigns ${target} = ${newValue}`, async () => {
      if (newValue !== undefined) {
        const { scope, reader } = await view();
        const lvalue = await evaluateCExpression(target, scope, reader);
        await apply(await planAssignment(lvalue, newValue, scope, reader, FLASH));
      }
      const { scope, reader } = await view();
      const mine = await printCExpression(target, scope, reader);
      const [gdb] = await live.gdbPrints([target]);
      assert.equal(mine, gdb);
      if (shown !== undefined) assert.equal(mine, shown);
    });
  }

  it('refuses a write to flash with a clear message', async () => {
    const { scope, reader } = await view();
    const lvalue = await evaluateCExpression('g_const_magic', scope, reader);
    await assert.rejects(planAssignment(lvalue, '1', scope, reader, FLASH), (error: unknown) => error instanceof UserError && /read-only memory \(flash 0x8000000-0x800ffff\)/.test(error.message));
    assert.equal(await printCExpression('g_const_magic', scope, reader), '3237998080');
  });

  it('writes an argument or local held in a register of the top frame', async () => {
    const { reader, memory } = await view();
    const { scope: inScope, inlineIndex } = frameScopeAt(live.program.dwarf, frames, 0)!;
    const locals = await localsOf(inScope, inlineIndex, contextOf(frames[0], memory), memory);
    const inRegister = locals.find((l) => l.value.place.kind === 'register' && l.value.type.kind !== 'pointer');
    assert.ok(inRegister, `typed_args at -Og keeps some integer in a register: ${locals.map((l) => `${l.name}:${l.value.place.kind}`).join(' ')}`);
    const { scope } = await view();
    await apply(await planAssignment(inRegister.value, '42', scope, reader, FLASH));
    const after = await view();
    const mine = await printCExpression(inRegister.name, after.scope, after.reader);
    const [gdb] = await live.gdbPrints([inRegister.name]);
    assert.equal(mine, gdb);
    assert.match(mine, /^42\b/);
  });
});
