// .debug_abbrev (DWARF5 7.5.3): one abbreviation table per offset, mapping codes to a tag, a
// children flag and attribute specifications. Parses only the table asked for, and only as far
// as the codes asked for.
import { ByteReader, DwarfFormatError } from '../../common';
import { DW_FORM_implicit_const } from './dwarfConstants';
import { inSection } from './dwarfEncoding';

/** One attribute specification: name, form, and the value of DW_FORM_implicit_const. */
export interface AttributeSpec {
  readonly name: number;
  readonly form: number;
  readonly implicitConst?: number | bigint;
}

/** One abbreviation declaration (DWARF5 7.5.3). */
export interface Abbreviation {
  readonly code: number;
  readonly tag: number;
  readonly hasChildren: boolean;
  readonly attributes: readonly AttributeSpec[];
}

/** The abbreviations of one table, by code. */
export type AbbrevTable = ReadonlyMap<number, Abbreviation>;

/** Parses the whole abbreviation table starting at `offset` of .debug_abbrev. */
export function parseAbbrevTable(section: Uint8Array, offset: number): AbbrevTable {
  const table = new LazyAbbrevTable(section, offset);
  table.readAll();
  return table;
}

/**
 * An abbreviation table read only as far as the codes asked for (DWARF5 7.5.3: declarations
 * follow one another up to a 0 code). Producers number codes from 1 in order of first use, so
 * reading a unit's root DIE needs the first declaration, not the hundreds after it. Iterating,
 * `size` or asking for a code not declared reads the table to its end.
 */
export class LazyAbbrevTable implements AbbrevTable {
  private readonly declarations = new Map<number, Abbreviation>();
  private readonly reader: ByteReader;
  private complete = false;

  constructor(section: Uint8Array, offset: number) {
    if (offset >= section.length) throw new DwarfFormatError('abbreviation table offset is outside .debug_abbrev', '.debug_abbrev', offset);
    this.reader = new ByteReader(section, true, offset);
  }

  get(code: number): Abbreviation | undefined {
    while (!this.complete && !this.declarations.has(code)) this.readNext();
    return this.declarations.get(code);
  }

  has(code: number): boolean {
    return this.get(code) !== undefined;
  }

  get size(): number {
    return this.readAll().size;
  }

  forEach(callback: (value: Abbreviation, key: number, map: ReadonlyMap<number, Abbreviation>) => void, thisArg?: unknown): void {
    this.readAll().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): MapIterator<[number, Abbreviation]> {
    return this.readAll().entries();
  }

  keys(): MapIterator<number> {
    return this.readAll().keys();
  }

  values(): MapIterator<Abbreviation> {
    return this.readAll().values();
  }

  [Symbol.iterator](): MapIterator<[number, Abbreviation]> {
    return this.entries();
  }

  /** Reads every remaining declaration; throws DwarfFormatError for a malformed one. */
  readAll(): ReadonlyMap<number, Abbreviation> {
    while (!this.complete) this.readNext();
    return this.declarations;
  }

  /** Reads one declaration, or the terminating 0 code. */
  private readNext(): void {
    inSection('.debug_abbrev', () => {
      const r = this.reader;
      const at = r.offset;
      const code = r.uleb128();
      if (code === 0) {
        this.complete = true;
        return;
      }
      if (this.declarations.has(code)) throw new DwarfFormatError(`duplicate abbreviation code ${code}`, '.debug_abbrev', at);
      const tag = r.uleb128();
      const hasChildren = r.u8() !== 0;
      const attributes: AttributeSpec[] = [];
      for (;;) {
        const name = r.uleb128();
        const form = r.uleb128();
        if (name === 0 && form === 0) break;
        if (form === DW_FORM_implicit_const) {
          const value = r.sleb128Big();
          attributes.push({ name, form, implicitConst: value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value });
        } else {
          attributes.push({ name, form });
        }
      }
      this.declarations.set(code, { code, tag, hasChildren, attributes });
    });
  }
}
