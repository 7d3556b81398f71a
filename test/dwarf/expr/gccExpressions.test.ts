// Every location expression GCC wrote into real programs (DW_AT_location, DW_AT_frame_base, and
// each location list entry) evaluates without a decoding error, at -O0/-Og/-O2 and DWARF 4/5.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  AttributeValue, DW_AT_byte_size, DW_AT_encoding, DW_AT_frame_base, DW_AT_location, Die, DwarfInfo, ExprBaseType, Location,
  SyncExprReader, Unit, evaluateSync, readLocationList, sectionOffsetOf,
} from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { buildFixture } from '../../fixtures/dwarf/buildFixture';
import { firmwareElf } from '../../helpers/firmware';

const programs: { name: string; path: () => string }[] = [
  ...(['O0', 'Og', 'O2'] as const).map((level) => ({ name: `test firmware ${level}`, path: () => firmwareElf(level) })),
  ...([4, 5] as const).flatMap((dwarfVersion) => ['-O0', '-O2'].map((opt) => ({
    name: `types.c ${opt} DWARF ${dwarfVersion}`,
    path: () => buildFixture({ source: 'types.c', opt, dwarfVersion }),
  }))),
];

/** The expressions of one attribute value: an exprloc, or every entry of a location list. */
function expressionsOf(unit: Unit, value: AttributeValue): Uint8Array[] {
  if (value.kind === 'exprloc' || value.kind === 'block') return [value.bytes];
  if (value.kind === 'loclistIndex' || sectionOffsetOf(value) !== undefined) {
    const list = readLocationList(unit, value);
    return [...list.entries.map((entry) => entry.expression), ...(list.defaultExpression ? [list.defaultExpression] : [])];
  }
  return [];
}

function* walk(die: Die): Generator<Die> {
  yield die;
  for (const child of die.children) yield* walk(child);
}

describe('GCC location expressions evaluate without decoding errors', () => {
  for (const program of programs) {
    it(program.name, () => {
      const elf = ElfFile.parse(readFileSync(program.path()));
      const info = DwarfInfo.fromElf(elf);
      const kinds = new Map<string, number>();
      const problems: string[] = [];
      for (const unit of info.units) {
        const resolveBaseType = (offset: number): ExprBaseType | undefined => {
          const die = unit.dieAt(unit.header.offset + offset);
          const byteSize = die?.number(DW_AT_byte_size);
          const encoding = die?.number(DW_AT_encoding);
          return byteSize !== undefined && encoding !== undefined ? { byteSize, encoding } : undefined;
        };
        const reader: SyncExprReader = {
          readRegister: (n) => 0x2000_0000n + BigInt(n) * 4n,
          readMemory: (_address, byteSize) => new Uint8Array(byteSize),
          cfa: () => 0x2000_1000n,
          frameBase: () => 0x2000_0f00n,
          addressIndex: (index) => BigInt(unit.addressAtIndex(index)),
          entryValue: () => 7n,
          objectAddress: () => 0x2000_0800n,
        };
        for (const die of walk(unit.root)) {
          for (const name of [DW_AT_location, DW_AT_frame_base]) {
            const value = die.attr(name);
            if (!value) continue;
            for (const expression of expressionsOf(unit, value)) {
              const location: Location = evaluateSync(expression, { addressSize: 4, resolveBaseType }, reader);
              kinds.set(location.kind, (kinds.get(location.kind) ?? 0) + 1);
              if ('reason' in location) problems.push(`${die.name ?? `DIE 0x${die.offset.toString(16)}`}: ${location.reason} in [${[...expression].map((b) => b.toString(16)).join(' ')}]`);
            }
          }
        }
      }
      assert.deepEqual(problems, []);
      assert.ok((kinds.get('memory') ?? 0) > 10, `memory locations: ${JSON.stringify([...kinds])}`);
    });
  }
});
