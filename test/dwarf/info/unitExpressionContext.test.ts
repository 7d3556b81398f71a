// UnitExpressionContext: what the DW_OP evaluator asks about a unit (base types, calls, addrx).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as C from '../../../src/dwarf';
import { DwarfInfo, DwarfSections, ExprEvaluation, UnitExpressionContext } from '../../../src/dwarf';
import { ByteBuilder } from '../../helpers/byteBuilder';
import { buildInfo, data1, name } from './unitBuilder';

describe('UnitExpressionContext: what the DW_OP evaluator asks about a unit', () => {
  const debugAddr = new ByteBuilder().u32(12).u16(5).u8(4, 0).u32(0x20000010).u32(0x20000020).build();
  const { info, abbrev } = buildInfo([{ version: 5, root: {
    tag: C.DW_TAG_compile_unit,
    attrs: [name('e.c'), { at: C.DW_AT_addr_base, form: C.DW_FORM_sec_offset, write: (b) => b.u32(8) }],
    children: [
      { tag: C.DW_TAG_base_type, label: 'schar', attrs: [name('signed char'), data1(C.DW_AT_byte_size, 1), data1(C.DW_AT_encoding, C.DW_ATE_signed_char)] },
      { tag: C.DW_TAG_dwarf_procedure, label: 'proc', attrs: [{ at: C.DW_AT_location, form: C.DW_FORM_exprloc, write: (b) => b.uleb(2).u8(C.DW_OP_lit5, C.DW_OP_lit7) }] },
    ],
  } }]);
  const dwarf = new DwarfInfo(new DwarfSections({ '.debug_info': info, '.debug_abbrev': abbrev, '.debug_addr': debugAddr }));
  const unit = dwarf.units[0];
  const context = new UnitExpressionContext(unit);
  const [schar, proc] = unit.root.children;
  const unitOffset = (offset: number): number => offset - unit.header.offset;

  it('resolves unit-relative base types, DW_OP_call targets and .debug_addr entries', () => {
    assert.deepEqual([context.addressSize, context.offsetSize, context.littleEndian], [4, 4, true]);
    assert.deepEqual(context.resolveBaseType(unitOffset(schar.offset)), { byteSize: 1, encoding: C.DW_ATE_signed_char });
    assert.equal(context.resolveBaseType(0), undefined, '0 is the generic type');
    assert.equal(context.resolveBaseType(unitOffset(proc.offset)), undefined, 'not a base type');
    assert.deepEqual([...(context.callExpression(unitOffset(proc.offset), true, 0) ?? [])], [C.DW_OP_lit5, C.DW_OP_lit7]);
    assert.deepEqual([...(context.callExpression(proc.offset, false, 0) ?? [])], [C.DW_OP_lit5, C.DW_OP_lit7]);
    assert.equal(context.callExpression(unitOffset(schar.offset), true, 0), undefined, 'no location');
    assert.equal(context.addressAtIndex(1), 0x20000020);
  });

  it('works as the evaluator options and answers its requests', () => {
    const expression = Uint8Array.of(C.DW_OP_call4, ...u32(unitOffset(proc.offset)), C.DW_OP_plus, C.DW_OP_addrx, 0, C.DW_OP_plus, C.DW_OP_stack_value);
    const evaluation = new ExprEvaluation(expression, context);
    let step = evaluation.start();
    for (let guard = 0; !step.done && guard < 10; guard++) {
      const request = step.request;
      if (request.kind === 'callExpression') step = evaluation.resume(context.callExpression(request.dieOffset, request.opcode !== C.DW_OP_call_ref, 0));
      else if (request.kind === 'addressIndex') step = evaluation.resume(BigInt(context.addressAtIndex(request.index)));
      else assert.fail(`unexpected request ${request.kind}`);
    }
    assert.ok(step.done);
    assert.deepEqual(step.location, { kind: 'value', value: 5n + 7n + 0x20000010n });
  });
});

function u32(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24];
}
