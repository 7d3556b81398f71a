// Fixture tests: the debug info of ELFs built by arm-none-eabi-gcc (DWARF 2/4/5, 32/64-bit,
// -O0/-Og/-O2, C and C++, and the test firmware) compared with GDB, addr2line and objdump.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as C from '../../../src/dwarf';
import { DwarfInfo, formatTypeDefinition, formatTypeName, functionAt, functions, ScopeVariable, stripTypedefs, typeOf, variablesInScope } from '../../../src/dwarf';
import { ElfFile } from '../../../src/elf';
import { addr2lineInlined, binutils, buildFixture, FixtureOptions, gdbEach, gdbLocationKind, gdbTypeText } from '../../fixtures/dwarf/buildFixture';
import { firmwareDir, firmwareElf } from '../../helpers/firmware';

interface Case {
  readonly name: string;
  readonly elf: () => string;
  /** Which compile units are checked (libgcc's are not ours): a path fragment. */
  readonly ownUnits: string;
}

const fixture = (options: FixtureOptions): Case => ({
  name: `${options.source} ${options.opt} DWARF ${options.dwarfVersion ?? 5}${options.extra ? ` ${options.extra.join(' ')}` : ''}`,
  elf: () => buildFixture(options),
  // With -flto the code is described by GCC's "<artificial>" link-time unit.
  ownUnits: options.extra?.includes('-flto') ? 'fixtures/dwarf|<artificial>' : 'fixtures/dwarf',
});

const cases: Case[] = [
  fixture({ source: 'types.c', opt: '-O0' }),
  fixture({ source: 'types.c', opt: '-Og' }),
  fixture({ source: 'types.c', opt: '-O2' }),
  fixture({ source: 'types.c', opt: '-O0', dwarfVersion: 2 }),
  fixture({ source: 'types.c', opt: '-O2', dwarfVersion: 4 }),
  fixture({ source: 'types.c', opt: '-O2', extra: ['-gdwarf64'] }),
  fixture({ source: 'types.c', opt: '-Og', extra: ['-ffunction-sections', '-Wl,--gc-sections'] }),
  fixture({ source: 'types.c', opt: '-O2', extra: ['-flto'] }),
  fixture({ source: 'shapes.cpp', opt: '-O0' }),
  fixture({ source: 'shapes.cpp', opt: '-O2' }),
  fixture({ source: 'shapes.cpp', opt: '-O0', extra: ['-fdebug-types-section'] }),
  fixture({ source: 'shapes.cpp', opt: '-O0', dwarfVersion: 4, extra: ['-fdebug-types-section'] }),
  ...(['O0', 'Og', 'O2'] as const).map((level) => ({ name: `firmware ${level}`, elf: () => firmwareElf(level), ownUnits: firmwareDir })),
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** DIEs at file level, including those inside C++ namespaces. */
function namespaceLevel(die: C.Die): C.Die[] {
  return die.children.flatMap((child) => (child.tag === C.DW_TAG_namespace ? namespaceLevel(child) : [child]));
}

/** True when a qualifier applies to a typedef anywhere in the declarator chain. */
function qualifiesTypedef(type: C.DwarfType): boolean {
  for (let t: C.DwarfType | undefined = type, hops = 0; t && hops < 32; hops++) {
    if ((t.kind === 'const' || t.kind === 'volatile') && t.target.kind === 'typedef') return true;
    t = 'target' in t ? t.target : t.kind === 'array' ? t.element : undefined;
  }
  return false;
}

/** Addresses to probe in a function: every halfword of small ones, a spread of larger ones. */
function probeAddresses(lowPc: number, highPc: number): number[] {
  const step = Math.max(2, Math.ceil((highPc - lowPc) / 48 / 2) * 2);
  const addresses: number[] = [];
  for (let a = lowPc; a < highPc; a += step) addresses.push(a);
  return addresses;
}

for (const testCase of cases) {
  describe(`debug info vs GDB/binutils: ${testCase.name}`, () => {
    const path = testCase.elf();
    const elf = ElfFile.parse(readFileSync(path));
    const info = DwarfInfo.fromElf(elf);
    const ownUnits = info.compileUnits().filter((cu) => testCase.ownUnits.split('|').some((part) => cu.path.includes(part)));
    const ownFunctions = functions(info).filter((f) => ownUnits.some((cu) => cu.unit === f.die.unit));

    it('compile unit names and directories match objdump', () => {
      const dump = binutils('objdump', '--dwarf=info', path);
      assert.ok(ownUnits.length > 0);
      for (const cu of ownUnits) {
        assert.match(dump, new RegExp(`DW_AT_name\\s*:.*: ${escape(cu.name)}\n`), cu.name);
        assert.match(dump, new RegExp(`DW_AT_comp_dir\\s*:.*: ${escape(cu.compDir ?? '')}\n`), `${cu.name} in ${cu.compDir}`);
        assert.ok(cu.path.startsWith('/') && cu.path.endsWith(cu.name.replace(/^.*\//, '')));
        assert.ok(cu.stmtList !== undefined, `${cu.name} has a line program`);
      }
      assert.deepEqual(info.warnings, []);
    });

    it('whatis and ptype of every global and file static', () => {
      const variables = ownUnits.flatMap((cu) => namespaceLevel(cu.unit.root)).filter((d) => d.tag === C.DW_TAG_variable && d.name && !d.flag(C.DW_AT_artificial) && !d.flag(C.DW_AT_declaration));
      assert.ok(variables.length > 0);
      const commands = variables.flatMap((d) => [`whatis '${d.unit.name}'::${d.name}`, `ptype '${d.unit.name}'::${d.name}`]);
      const answers = gdbEach(path, commands);
      variables.forEach((die, i) => {
        const type = typeOf(die);
        const whatis = answers[2 * i];
        const ptype = answers[2 * i + 1];
        if (!whatis.startsWith('type = ')) return; // GDB cannot name it (a file static shadowed by another unit's)
        assert.equal(gdbTypeText(formatTypeName(type)), gdbTypeText(whatis), `whatis ${die.name}`);
        // GDB lists C++ methods and access labels in class bodies; compare those by members below.
        if (/\b(public|private|protected):/.test(ptype) || /: public /.test(ptype)) return;
        // GDB drops a qualifier on a typedef it expands (`const vector_t [48]` -> `void (*[48])(void)`).
        if (qualifiesTypedef(type)) return;
        assert.equal(gdbTypeText(formatTypeDefinition(type)), gdbTypeText(ptype), `ptype ${die.name}`);
      });
    });

    it('types found by name print like GDB ptype of that name', () => {
      const names = [...new Set(ownUnits.flatMap((cu) => namespaceLevel(cu.unit.root)).flatMap((die) => {
        const type = C.typeFromDie(die);
        if ((type.kind === 'struct' || type.kind === 'union' || type.kind === 'enum') && type.name) return [`${type.kind} ${type.name}`];
        return type.kind === 'typedef' || type.kind === 'base' ? [type.name] : [];
      }))].filter((name) => !/[:<]/.test(name)); // C++ qualified names do not parse in GDB's C mode
      assert.ok(names.length > 0);
      const answers = gdbEach(path, names.map((name) => `ptype ${name}`));
      names.forEach((name, i) => {
        const type = C.findType(info, name);
        assert.ok(type, name);
        if (!answers[i].startsWith('type = ') || qualifiesTypedef(type)) return;
        assert.equal(gdbTypeText(formatTypeDefinition(type)), gdbTypeText(answers[i]), `ptype ${name}`);
      });
      assert.equal(C.findType(info, 'struct no_such_type'), undefined);
    });

    it('member offsets and bitfield positions match ptype/o', () => {
      const structs = new Map<string, C.StructType>();
      for (const cu of ownUnits) {
        for (const die of namespaceLevel(cu.unit.root)) {
          const type = C.typeFromDie(die);
          if ((type.kind === 'struct' || type.kind === 'union') && type.name && !type.declaration && !structs.has(type.name)) structs.set(type.name, type);
        }
      }
      assert.ok(structs.size > 0);
      // C++ names (geo::Square) parse only in GDB's C++ mode; the layout it prints is the same.
      const language = testCase.name.includes('.cpp') ? ['set language c++'] : [];
      const answers = gdbEach(path, [...language, ...[...structs.keys()].map((name) => `ptype/o ${structs.get(name)?.kind} ${name}`)]).slice(language.length);
      [...structs.values()].forEach((type, i) => {
        // Top-level members only: lines indented by exactly four spaces after the comment.
        const gdb = [...answers[i].matchAll(/^\/\*\s+(\d+)(?::\s*(\d+))?\s+\|\s+\d+ \*\/ {4}(?! )(.*?)(?: : \d+)?;?$/gm)]
          .map((m) => ({ byteOffset: Number(m[1]), bitOffset: m[2] === undefined ? undefined : Number(m[2]) }));
        const ours = type.members.filter((m) => !m.isBase && !m.artificial)
          .map((m) => ({ byteOffset: m.byteOffset, bitOffset: m.bitSize === undefined ? undefined : m.bitOffset }));
        if (type.kind === 'union') {
          assert.ok(ours.every((m) => m.byteOffset === 0), `union ${type.name}`);
          return;
        }
        assert.deepEqual(ours, gdb.slice(0, ours.length), `struct ${type.name}: ${answers[i]}`);
      });
    });

    it('address to function and inline chain match addr2line -i at every probed address', () => {
      const addresses = ownFunctions.flatMap((f) => f.ranges.flatMap((r) => probeAddresses(r.lowPc, r.highPc)));
      assert.ok(addresses.length > 10);
      const oracle = addr2lineInlined(path, addresses);
      let inlinedSeen = 0;
      for (const address of addresses) {
        const found = functionAt(info, address);
        assert.ok(found, `function at 0x${address.toString(16)}`);
        const expected = oracle.get(address) ?? [];
        const names = [...found.inlined.map((call) => call.name), found.function.name];
        assert.deepEqual(names, expected.map((frame) => frame.name), `frames at 0x${address.toString(16)}`);
        // addr2line prints each caller at the line of its call: our call_line of the callee below it.
        found.inlined.forEach((call, k) => assert.equal(call.callLine, expected[k + 1].line, `call line of ${call.name} at 0x${address.toString(16)}`));
        inlinedSeen += found.inlined.length;
      }
      if (/-O2|Og|O2/.test(testCase.name) && testCase.name.includes('types.c')) assert.ok(inlinedSeen > 0, 'optimised fixture has inlined frames');
    });

    it('functions the linker discarded are not found, even at their relocated address 0', () => {
      const discarded = /gc-sections|-flto/.test(testCase.name);
      assert.equal(functions(info).some((f) => f.name === 'unused_helper'), testCase.name.includes('types.c') && !discarded);
      if (discarded) {
        assert.equal(functionAt(info, 0), undefined);
        assert.equal(functionAt(info, 2), undefined);
      }
    });

    it('function entry addresses match the ELF symbols of the same name', () => {
      let matched = 0;
      for (const f of ownFunctions) {
        const symbol = elf.symbolByName(f.linkageName ?? f.name);
        if (!symbol || symbol.type !== 'FUNC') continue;
        assert.equal(f.entryPc, symbol.address, f.name);
        assert.ok(f.ranges.some((r) => r.highPc - r.lowPc === symbol.size), `${f.name} size ${symbol.size}`);
        matched++;
      }
      assert.ok(matched > 0);
    });

    it('assembler functions (libgcc) are found from their even entry address despite GNU as setting the Thumb bit', () => {
      const asm = functions(info).filter((f) => /\.S$/.test(f.die.unit.name ?? ''));
      if (!/\.cpp|-flto/.test(testCase.name)) assert.ok(asm.length > 0, 'links libgcc assembler routines');
      for (const f of asm) {
        assert.equal(f.entryPc % 2, 0, f.name);
        assert.equal(functionAt(info, f.entryPc)?.function.entryPc, f.entryPc, f.name);
        const symbol = elf.symbolByName(f.name);
        if (symbol?.type === 'FUNC') assert.equal(f.entryPc, symbol.address, f.name);
      }
    });

    it('variables in scope match GDB info scope at every probed address', () => {
      const addresses = ownFunctions.flatMap((f) => f.ranges.flatMap((r) => probeAddresses(r.lowPc, r.highPc)));
      const answers = gdbEach(path, addresses.map((a) => `info scope *0x${a.toString(16)}`));
      let checked = 0;
      addresses.forEach((address, i) => {
        const scope = variablesInScope(info, address);
        assert.ok(scope, `scope at 0x${address.toString(16)}`);
        const frame = scope.frames[0];
        const ours = [...frame.parameters, ...frame.locals];
        const gdbSymbols = [...answers[i].matchAll(/^Symbol (\S+) is (.*?)(?=^Symbol |(?![\s\S]))/gms)]
          .map((m) => ({ name: m[1], kind: gdbLocationKind(m[2], address) }))
          .filter((s) => s.kind !== 'skip');
        const key = (list: { name: string; kind: string }[]): string[] => list.map((s) => `${s.name}:${s.kind}`).sort();
        const oursKeyed = ours.map((v: ScopeVariable) => ({ name: v.name, kind: v.location.kind }));
        // GDB (inherit_abstract_dies) lists an inlined function's local a second time, optimized
        // out, when GCC put the concrete copy in a lexical block without an abstract origin.
        const gdbDeduplicated = [...gdbSymbols];
        for (const name of new Set(gdbSymbols.map((s) => s.name))) {
          const excess = () => gdbDeduplicated.filter((s) => s.name === name).length - oursKeyed.filter((s) => s.name === name).length;
          for (let at = gdbDeduplicated.length - 1; at >= 0 && excess() > 0; at--) {
            if (gdbDeduplicated[at].name === name && gdbDeduplicated[at].kind === 'optimizedOut') gdbDeduplicated.splice(at, 1);
          }
        }
        assert.deepEqual(key(oursKeyed), key(gdbDeduplicated), `info scope *0x${address.toString(16)}:\n${answers[i]}`);
        checked += ours.length;
      });
      assert.ok(checked > 0);
    });

    it('every function has a frame base, and globals carry static addresses', () => {
      for (const f of ownFunctions) {
        const scope = variablesInScope(info, f.entryPc);
        assert.equal(scope?.frameBase.kind, 'expression', f.name);
      }
      const scope = variablesInScope(info, ownFunctions[0].entryPc);
      const globals = scope?.globals ?? [];
      // Qualified names and addresses of file-level variables agree with `nm -C`.
      const nm = new Map(binutils('nm', '-C', path).trim().split('\n').map((line) => /^([0-9a-f]+) [A-Za-z] (.+)$/.exec(line)).filter((m) => m !== null).map((m) => [m[2], parseInt(m[1], 16)]));
      const fileLevel = [...globals, ...(scope?.fileStatics ?? [])].filter((v) => v.location.kind === 'expression' && v.location.expression[0] === 0x03 && v.location.expression.length === 5);
      assert.ok(fileLevel.length > 0);
      for (const v of fileLevel) {
        if (v.location.kind !== 'expression') continue;
        const address = new DataView(v.location.expression.buffer, v.location.expression.byteOffset + 1, 4).getUint32(0, true);
        if (nm.has(v.name)) assert.equal(nm.get(v.name), address, `${v.name} at its nm address`);
        else assert.ok(v.kind === 'fileStatic', `global ${v.name} is in nm -C`);
      }
      if (testCase.name.includes('.cpp')) assert.ok(['geo::shape_count', 'geo::Square::instances'].every((n) => globals.some((g) => g.name === n)) && scope?.fileStatics.some((v) => v.name === 'geo::hidden_total'));
      const symbolNames = new Set(elf.symbols.filter((s) => s.type === 'OBJECT').map((s) => s.name));
      const located = globals.filter((g) => g.location.kind === 'expression' && g.location.expression[0] === 0x03);
      assert.ok(located.length > 0);
      for (const g of located) {
        if (g.location.kind !== 'expression') continue;
        const address = new DataView(g.location.expression.buffer, g.location.expression.byteOffset + 1, 4).getUint32(0, true);
        const symbol = elf.symbolAt(address);
        if (symbolNames.has(g.name) && stripTypedefs(g.type).kind !== 'function') assert.equal(symbol?.address, address, `${g.name} at its ELF symbol`);
      }
    });
  });
}
