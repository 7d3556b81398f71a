// setVariable / setExpression on the halted simulated board: each kind of value is assigned with
// planAssignment, written through OpenOCD, then read back through OpenOCD (a new cache) and
// compared with GDB's `print` on the same target. Flash is refused.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../../src/common';
import { evaluateCExpression, FrameInspector } from '../../../src/engine/expressions';
import { StackUnwinder, targetFrameMemory, type StackFrame } from '../../../src/engine/stack';
import { MemoryCache, type WritePlan } from '../../../src/engine/values';
import { firmwareDir } from '../../helpers/firmware';
import { LiveTarget } from '../stack/liveTarget';

/** STM32F030 flash (test/firmware/stm32f030.ld): writes there must be refused. */
const FLASH = [{ address: 0x08000000, byteLength: 0x10000 }];
const ARM_REGISTER_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc'];

describe('setVariable on the live target (-Og)', () => {
  let live: LiveTarget;
  let frames: readonly StackFrame[];

  /** Frame `index` of a fresh view of the halted target (new cache, registers unwound again). */
  async function inspect(index = 0): Promise<FrameInspector> {
    frames = (await new StackUnwinder(live.program, targetFrameMemory(live.target), { architecture: live.target.architecture }).all()).frames;
    return new FrameInspector(live.program, frames, index, new MemoryCache(live.target), { architecture: live.target.architecture, readOnly: FLASH });
  }

  async function apply(plan: WritePlan): Promise<void> {
    if (plan.kind === 'memory') await live.target.writeMemory(plan.address, plan.bytes);
    else await live.target.writeRegister(ARM_REGISTER_NAMES[plan.register], plan.value);
  }

  before(async () => {
    live = await LiveTarget.start('Og');
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
        const inspector = await inspect();
        const lvalue = await evaluateCExpression(target, inspector.scope(), inspector.reader);
        await apply(await inspector.planSetVariable({ name: target, value: lvalue }, newValue));
      }
      const mine = (await (await inspect()).evaluate(target)).value;
      const [gdb] = await live.gdbPrints([target]);
      assert.equal(mine, gdb);
      if (shown !== undefined) assert.equal(mine, shown);
    });
  }

  it('evaluates breakpoint conditions and watchpoint ranges', async () => {
    const inspector = await inspect();
    assert.equal(await inspector.condition('g_int == 42 && g_record.gain > 0.2'), true);
    assert.equal(await inspector.condition('g_int > 100'), false);
    assert.equal(await inspector.condition('g_record_ptr'), true);
    assert.deepEqual(await inspector.dataRange('g_record.gain'), { address: live.program.elf.symbolByName('g_record')!.address + 20, byteLength: 4 });
    await assert.rejects(inspector.dataRange('g_int + 1'), /'g_int \+ 1' is not in memory, so it cannot be watched/);
  });

  it('refuses a write to flash with a clear message', async () => {
    const inspector = await inspect();
    const [magic] = (await inspector.globals()).filter((g) => g.name === 'g_const_magic');
    await assert.rejects(inspector.planSetVariable(magic, '1'), (error: unknown) => error instanceof UserError && /read-only memory \(flash 0x8000000-0x800ffff\)/.test(error.message));
    assert.equal((await inspector.evaluate('g_const_magic')).value, '3237998080');
  });

  it('writes an argument or local held in a register of the top frame', async () => {
    const inspector = await inspect();
    const locals = await inspector.locals();
    const inRegister = locals.find((l) => l.value.place.kind === 'register' && l.value.type.kind !== 'pointer');
    assert.ok(inRegister, `typed_args at -Og keeps some integer in a register: ${locals.map((l) => `${l.name}:${l.value.place.kind}`).join(' ')}`);
    await apply(await inspector.planSetVariable(inRegister, '42'));
    const mine = (await (await inspect()).evaluate(inRegister.name)).value;
    const [gdb] = await live.gdbPrints([inRegister.name]);
    assert.equal(mine, gdb);
    assert.match(mine, /^42\b/);
  });

  it("refuses to write a register-held value of an outer frame (its register was saved elsewhere)", async () => {
    const outer = await inspect(1);
    const inRegister = (await outer.locals()).find((l) => l.value.place.kind === 'register');
    assert.ok(inRegister, 'work_step at -Og keeps a local in a register');
    await assert.rejects(outer.planSetVariable(inRegister, '1'), /held in a register of an outer frame/);
  });
});
