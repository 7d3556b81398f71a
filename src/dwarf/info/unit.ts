// One unit of .debug_info/.debug_types and its DIE tree (DWARF5 2.1, 7.5), parsed on first use,
// plus what the unit's root supplies to its DIEs: string, address and list bases.
import { ByteReader, DwarfFormatError } from '../../common';
import type { DwarfSections } from '../dwarfSections';
import type { AbbrevTable } from './abbrevTable';
import { AttributeValue, FormContext, readAttributeValue } from './attributeValue';
import * as C from './dwarfConstants';
import { inSection, readAddress, readOffset } from './dwarfEncoding';
import type { UnitHeader } from './unitHeader';

/** Deepest DIE nesting accepted (GCC and Clang stay far below it). */
export const MAX_DIE_DEPTH = 256;

/** What a unit needs from the whole program's DWARF. */
export interface UnitContext {
  readonly sections: DwarfSections;
  abbrevTable(offset: number): AbbrevTable;
  /** Oddities tolerated while reading (shared list). */
  readonly warnings: string[];
  /** Resolves a reference value found on `die` (DWARF5 7.5.5), across units and type units. */
  resolve(die: Die, value: AttributeValue | undefined): Die | undefined;
}

/** One attribute of a DIE. */
export interface DieAttribute {
  readonly name: number;
  readonly form: number;
  readonly value: AttributeValue;
}

/** A debugging information entry (DWARF5 2.1). `children` is empty for leaf entries. */
export class Die {
  readonly children: Die[] = [];

  constructor(
    readonly unit: Unit,
    readonly offset: number,
    readonly tag: number,
    readonly attributes: readonly DieAttribute[],
    readonly parent: Die | undefined,
  ) {}

  /** The value of attribute `name` (DW_AT_*) on this DIE itself, if present. */
  attr(name: number): AttributeValue | undefined {
    for (const attribute of this.attributes) if (attribute.name === name) return attribute.value;
    return undefined;
  }

  /** The DIE a reference attribute (DW_AT_type, abstract_origin, specification...) points to. */
  follow(name: number): Die | undefined {
    return this.unit.context.resolve(this, this.attr(name));
  }

  /** A string attribute, resolved (string, strp, line_strp, strx*). */
  string(name: number): string | undefined {
    return this.unit.string(this.attr(name));
  }

  /** A constant attribute as a number (unsigned reading of dataN), or undefined. */
  number(name: number): number | undefined {
    const value = this.attr(name);
    return value?.kind === 'constant' ? Number(value.value) : undefined;
  }

  /** A flag attribute; absent means false (DWARF5 7.5.5 flag class). */
  flag(name: number): boolean {
    const value = this.attr(name);
    return value?.kind === 'flag' ? value.value : false;
  }

  /**
   * An attribute looked up here, then through DW_AT_abstract_origin and DW_AT_specification
   * (DWARF5 3.3.8.1, 2.13.2): where inlined and out-of-line DIEs keep names, types and lines.
   */
  inherited(name: number): { die: Die; value: AttributeValue } | undefined {
    return inheritedAttribute(this, name);
  }

  /** DW_AT_name, through abstract_origin/specification. */
  get name(): string | undefined {
    const found = this.inherited(C.DW_AT_name);
    return found ? found.die.unit.string(found.value) : undefined;
  }
}

/** A unit: its header, root attributes (read alone, cheaply) and the full DIE tree (on demand). */
export class Unit {
  private tree: { root: Die; byOffset: Map<number, Die> } | undefined;
  private rootAttributes: readonly DieAttribute[] | undefined;
  private readonly formContext: FormContext;

  constructor(readonly context: UnitContext, readonly header: UnitHeader) {
    this.formContext = {
      encoding: header,
      unitOffset: header.offset,
      section: header.section,
      strings: { cString: (name, offset) => context.sections.cString(name, offset) },
    };
  }

  /** The unit's root DIE (DW_TAG_compile_unit, partial_unit, type_unit...) with its whole tree. */
  get root(): Die {
    return this.parseTree().root;
  }

  /** The DIE at absolute section offset `offset` of this unit, if one starts there. */
  dieAt(offset: number): Die | undefined {
    return this.parseTree().byOffset.get(offset);
  }

  /** An attribute of the root DIE, read without parsing the rest of the tree. */
  rootAttr(name: number): AttributeValue | undefined {
    if (!this.rootAttributes) {
      this.rootAttributes = this.tree ? this.tree.root.attributes : inSection(this.header.section, () => {
        const r = this.reader(this.header.firstDieOffset);
        const abbrev = this.abbreviation(r);
        return abbrev ? this.readAttributes(r, abbrev.attributes) : [];
      });
    }
    return this.rootAttributes.find((a) => a.name === name)?.value;
  }

  /** DW_AT_name of the root (the primary source file of a compile unit). */
  get name(): string | undefined {
    return this.string(this.rootAttr(C.DW_AT_name));
  }

  /** DW_AT_comp_dir: the compilation directory relative paths are resolved against. */
  get compDir(): string | undefined {
    return this.string(this.rootAttr(C.DW_AT_comp_dir));
  }

  get producer(): string | undefined {
    return this.string(this.rootAttr(C.DW_AT_producer));
  }

  /** DW_AT_language (DW_LANG_*). */
  get language(): number | undefined {
    const value = this.rootAttr(C.DW_AT_language);
    return value?.kind === 'constant' ? Number(value.value) : undefined;
  }

  /** The base address for range and location lists: the root's DW_AT_low_pc (DWARF5 3.1.1), or 0. */
  get baseAddress(): number {
    return this.address(this.rootAttr(C.DW_AT_low_pc)) ?? 0;
  }

  /** Resolves a string value (string, strp, line_strp, strx*). */
  string(value: AttributeValue | undefined): string | undefined {
    if (value?.kind === 'string') return value.value;
    if (value?.kind !== 'stringIndex') return undefined;
    // DWARF5 7.26: entries follow an 8-byte (16 in 64-bit DWARF) header; str_offsets_base points past it.
    const base = this.rootSectionOffset(C.DW_AT_str_offsets_base) ?? this.header.offsetSize * 2;
    const offsets = this.context.sections.get('.debug_str_offsets');
    const at = base + value.index * this.header.offsetSize;
    if (!offsets || at + this.header.offsetSize > offsets.length) {
      throw new DwarfFormatError(`string index ${value.index} is outside .debug_str_offsets`, '.debug_str_offsets', at);
    }
    const offset = readOffset(new ByteReader(offsets, this.context.sections.littleEndian, at), this.header.offsetSize);
    return this.context.sections.cString('.debug_str', offset);
  }

  /** Resolves an address value (addr, addrx*): DWARF5 7.27 .debug_addr from DW_AT_addr_base. */
  address(value: AttributeValue | undefined): number | undefined {
    if (value?.kind === 'address') return value.value;
    if (value?.kind !== 'addressIndex') return undefined;
    return this.addressAtIndex(value.index);
  }

  /** Entry `index` of this unit's .debug_addr contribution. */
  addressAtIndex(index: number): number {
    const base = this.rootSectionOffset(C.DW_AT_addr_base) ?? this.rootSectionOffset(C.DW_AT_GNU_addr_base) ?? this.header.offsetSize * 2;
    const table = this.context.sections.get('.debug_addr');
    const at = base + index * this.header.addressSize;
    if (!table || at + this.header.addressSize > table.length) {
      throw new DwarfFormatError(`address index ${index} is outside .debug_addr`, '.debug_addr', at);
    }
    return readAddress(new ByteReader(table, this.context.sections.littleEndian, at), this.header.addressSize);
  }

  /**
   * The section offset of list `index` in .debug_rnglists or .debug_loclists: DWARF5 7.28/7.29,
   * an offsets table at DW_AT_rnglists_base/loclists_base whose entries are relative to that base.
   */
  listOffsetAtIndex(section: '.debug_rnglists' | '.debug_loclists', index: number): number {
    const baseAttr = section === '.debug_rnglists' ? C.DW_AT_rnglists_base : C.DW_AT_loclists_base;
    const base = this.rootSectionOffset(baseAttr) ?? this.header.offsetSize * 2 + 4;
    const bytes = this.context.sections.get(section);
    const at = base + index * this.header.offsetSize;
    if (!bytes || at + this.header.offsetSize > bytes.length) {
      throw new DwarfFormatError(`list index ${index} is outside ${section}`, section, at);
    }
    return base + readOffset(new ByteReader(bytes, this.context.sections.littleEndian, at), this.header.offsetSize);
  }

  /** A root attribute used as a section offset (sec_offset, or dataN before DWARF 4). */
  rootSectionOffset(name: number): number | undefined {
    return sectionOffsetOf(this.rootAttr(name));
  }

  private parseTree(): { root: Die; byOffset: Map<number, Die> } {
    if (this.tree) return this.tree;
    const { header } = this;
    this.tree = inSection(header.section, () => {
      const r = this.reader(header.firstDieOffset);
      const byOffset = new Map<number, Die>();
      let root: Die | undefined;
      let parent: Die | undefined;
      let depth = 0;
      while (!r.atEnd) {
        const offset = r.offset;
        const abbrev = this.abbreviation(r);
        if (!abbrev) {
          // A null entry closes the current parent's children (DWARF5 2.3); extra ones are padding.
          if (parent) {
            parent = parent.parent;
            depth--;
          }
          continue;
        }
        if (root && !parent) {
          this.context.warnings.push(`${header.section}+0x${offset.toString(16)}: DIE after the unit's root entry ignored`);
          break;
        }
        const die = new Die(this, offset, abbrev.tag, this.readAttributes(r, abbrev.attributes), parent);
        byOffset.set(offset, die);
        if (parent) parent.children.push(die);
        else root = die;
        if (abbrev.hasChildren) {
          // Compilers nest a few dozen levels; a bound keeps every tree walk's recursion shallow.
          if (++depth > MAX_DIE_DEPTH) throw new DwarfFormatError(`DIEs nested deeper than ${MAX_DIE_DEPTH} levels`, header.section, offset);
          parent = die;
        }
      }
      if (!root) throw new DwarfFormatError('unit has no DIEs', header.section, header.offset);
      if (parent) this.context.warnings.push(`${header.section}+0x${parent.offset.toString(16)}: unit ends inside the children of this DIE`);
      return { root, byOffset };
    });
    return this.tree;
  }

  private reader(offset: number): ByteReader {
    return new ByteReader(this.context.sections.get(this.header.section) ?? new Uint8Array(0), this.context.sections.littleEndian, offset, this.header.endOffset);
  }

  private abbreviation(r: ByteReader): ReturnType<AbbrevTable['get']> | undefined {
    const at = r.offset;
    const code = r.uleb128();
    if (code === 0) return undefined;
    const abbrev = this.context.abbrevTable(this.header.abbrevOffset).get(code);
    if (!abbrev) throw new DwarfFormatError(`unknown abbreviation code ${code}`, this.header.section, at);
    return abbrev;
  }

  private readAttributes(r: ByteReader, specs: NonNullable<ReturnType<AbbrevTable['get']>>['attributes']): DieAttribute[] {
    return specs.map((spec) => ({ name: spec.name, form: spec.form, value: readAttributeValue(r, spec.form, this.formContext, spec.implicitConst) }));
  }
}

function inheritedAttribute(start: Die, name: number): { die: Die; value: AttributeValue } | undefined {
  let die: Die | undefined = start;
  // Chains are short (concrete -> abstract -> declaration); the bound stops a reference cycle.
  for (let hops = 0; die && hops < 8; hops++) {
    const value = die.attr(name);
    if (value) return { die, value };
    die = die.follow(C.DW_AT_abstract_origin) ?? die.follow(C.DW_AT_specification);
  }
  return undefined;
}

/**
 * A value used as an offset into another section: DW_FORM_sec_offset, or data4/data8 which
 * DWARF 2 and 3 used for loclistptr/rangelistptr/lineptr (DWARF5 7.5.5 notes this change).
 */
export function sectionOffsetOf(value: AttributeValue | undefined): number | undefined {
  if (value?.kind === 'sectionOffset') return value.offset;
  if (value?.kind === 'constant' && (value.byteSize === 4 || value.byteSize === 8) && typeof value.value === 'number') return value.value;
  return undefined;
}
