// Evaluates real location expressions in unwound frames: the test firmware recurses on the
// simulated board, and each recurse() frame's locals, found through DWARF and the CFI unwinder,
// must hold what the program stored there (frame_marker = depth * 0x11).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  CallFrameInfo, DW_AT_byte_size, DW_AT_encoding, Die, DwarfInfo, DwarfSections, ExprBaseType, Location, evaluateSync, stripThumbBit,
  ScopeVariable, VariablesInScope, variablesInScope,
} from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { firmwareElf, optimizationLevels } from '../../helpers/firmware';
import { ShadowedBoard, unwindAll } from './shadowedBoard';

/** Resolves DW_OP_*_type operands (unit-relative DIE offsets) to base types of `die`'s unit. */
function baseTypeResolver(die: Die): (offset: number) => ExprBaseType | undefined {
  return (offset) => {
    const type = die.unit.dieAt(die.unit.header.offset + offset);
    const byteSize = type?.number(DW_AT_byte_size);
    const encoding = type?.number(DW_AT_encoding);
    return byteSize !== undefined && encoding !== undefined ? { byteSize, encoding } : undefined;
  };
}

interface Frame {
  readonly pc: number;
  readonly registers: ReadonlyMap<number, bigint | undefined>;
  readonly cfa: bigint;
}

/** Frames with their registers and CFA, innermost first, as far as CFI unwinds. */
function framesOf(cfi: CallFrameInfo, sim: ShadowedBoard): Frame[] {
  const frames: Frame[] = [];
  let registers = new Map<number, bigint | undefined>(Array.from({ length: 16 }, (_, n) => [n, BigInt(sim.reg(n))]));
  let pc = sim.reg(15);
  for (const result of unwindAll(cfi, sim)) {
    if (result.kind !== 'unwound') break;
    frames.push({ pc, registers, cfa: result.cfa });
    if (result.returnAddress === undefined) break;
    registers = new Map([...result.registers].map(([n, r]) => [n, 'value' in r ? r.value : undefined]));
    pc = Number(stripThumbBit(result.returnAddress));
  }
  return frames;
}

describe('location expressions evaluated in unwound frames of the test firmware', () => {
  for (const level of optimizationLevels) {
    it(`${level}: frame_marker of every recurse() frame reads depth * 0x11, and depth where it is known`, () => {
      const image = readFileSync(firmwareElf(level));
      const elf = ElfFile.parse(image);
      const info = DwarfInfo.fromElf(elf);
      const cfi = CallFrameInfo.fromSections(DwarfSections.fromElf(elf), { clearThumbBit: true });
      const bottom = elf.symbolByName('recursion_bottom');
      assert.ok(bottom);
      const sim = new ShadowedBoard(image);
      let budget = 2_000_000;
      while (sim.reg(15) !== bottom.address && budget-- > 0) sim.step();
      assert.ok(budget > 0, 'the firmware reaches recursion_bottom()');
      // One instruction in: a stop that is neither the entry nor (at -O2) the leaf's return.
      sim.step();

      const frames = framesOf(cfi, sim);
      const read = (frame: Frame, location: Location): bigint | undefined => {
        if (location.kind === 'memory') {
          const bytes = sim.memory(location.address, 4);
          return bytes && BigInt(new DataView(bytes.buffer).getUint32(0, true));
        }
        if (location.kind === 'register') return frame.registers.get(location.register);
        return location.kind === 'value' ? location.value : undefined;
      };
      const markers: bigint[] = [];
      const depths: (bigint | string)[] = [];
      for (const frame of frames.slice(1)) {
        if (elf.symbolAt(frame.pc)?.name !== 'recurse') continue;
        // A caller's pc is a return address: its scope is that of the call before it.
        const scope = variablesInScope(info, frame.pc - 1);
        assert.ok(scope, `scope at 0x${frame.pc.toString(16)}`);
        const reader = {
          readRegister: (n: number) => frame.registers.get(n),
          readMemory: (address: bigint, byteSize: number) => sim.memory(address, byteSize),
          cfa: () => frame.cfa,
          frameBaseExpression: scope.frameBase.kind === 'expression' ? scope.frameBase.expression : undefined,
        };
        const variable = (name: string) => [...scope.frames[0].locals, ...scope.frames[0].parameters].find((v) => v.name === name);
        const marker = variable('frame_marker');
        assert.ok(marker?.location.kind === 'expression', `frame_marker has a location in ${level}`);
        const markerLocation = evaluateSync(marker.location.expression, { addressSize: 4 }, reader);
        assert.equal(markerLocation.kind, 'memory', 'a volatile local lives in memory');
        markers.push(read(frame, markerLocation) ?? -1n);
        const depth = variable('depth');
        const depthLocation = depth?.location.kind === 'expression' ? evaluateSync(depth.location.expression, { addressSize: 4 }, reader) : undefined;
        const depthValue = depthLocation && read(frame, depthLocation);
        depths.push(depthValue ?? `${depthLocation?.kind ?? depth?.location.kind}`);
      }
      assert.deepEqual(markers, [0n, 0x11n, 0x22n, 0x33n, 0x44n, 0x55n]);
      // depth lives on the stack at -O0; optimised code may keep it only in a clobbered register.
      depths.forEach((depth, k) => {
        if (typeof depth === 'bigint') assert.equal(depth, BigInt(k), `depth in frame ${k + 1}`);
      });
      if (level === 'O0') assert.deepEqual(depths, [0n, 1n, 2n, 3n, 4n, 5n]);
    });
  }

  // Only -O2 describes these locals as computations on the stacked arguments (DW_OP_deref_type
  // ... DW_OP_stack_value); lower levels give them memory homes, checked by the tests above.
  for (const level of ['O2'] as const) {
    it(`${level}: computed float/double locals of typed_args() read 3.5f * 2 and -0.125 * 4 wherever DWARF computes them`, () => {
      const image = readFileSync(firmwareElf(level));
      const elf = ElfFile.parse(image);
      const info = DwarfInfo.fromElf(elf);
      const cfi = CallFrameInfo.fromSections(DwarfSections.fromElf(elf), { clearThumbBit: true });
      const typedArgs = elf.symbolByName('typed_args');
      assert.ok(typedArgs);
      const sim = new ShadowedBoard(image);
      let budget = 2_000_000;
      while (sim.reg(15) !== typedArgs.address && budget-- > 0) sim.step();
      assert.ok(budget > 0, 'the firmware reaches typed_args()');
      const expected = new Map([['scaled', 7], ['fine', -0.5]]);
      const seen: string[] = [];
      const depth = sim.calls.length;
      while (sim.calls.length >= depth && budget-- > 0) {
        const pc = sim.reg(15);
        const frame: Frame | undefined = pc >= typedArgs.address && pc < typedArgs.address + typedArgs.size && !sim.inEpilogue(pc) ? framesOf(cfi, sim)[0] : undefined;
        const scope: VariablesInScope | undefined = frame && variablesInScope(info, pc);
        const locals: readonly ScopeVariable[] = scope?.frames[0].locals ?? [];
        for (const variable of locals) {
          const want = expected.get(variable.name);
          if (want === undefined || variable.location.kind !== 'expression' || !frame || !scope) continue;
          const location = evaluateSync(variable.location.expression, { addressSize: 4, resolveBaseType: baseTypeResolver(variable.die) }, {
            readRegister: (n: number) => frame.registers.get(n),
            readMemory: (address: bigint, byteSize: number) => sim.memory(address, byteSize),
            cfa: () => frame.cfa,
            frameBaseExpression: scope.frameBase.kind === 'expression' ? scope.frameBase.expression : undefined,
          });
          // Memory homes hold garbage until the assignment runs; computed values must always be right.
          if (location.kind !== 'value') continue;
          const size = location.baseType?.byteSize;
          const view = new DataView(new ArrayBuffer(8));
          if (size === 4) view.setUint32(0, Number(location.value));
          else view.setBigUint64(0, location.value);
          assert.equal(size === 4 ? view.getFloat32(0) : view.getFloat64(0), want, `${variable.name} at 0x${pc.toString(16)}`);
          seen.push(variable.name);
        }
        sim.step();
      }
      assert.ok(seen.includes('scaled') && seen.includes('fine'), `computed at ${seen.length} stops`);
    });
  }
});
