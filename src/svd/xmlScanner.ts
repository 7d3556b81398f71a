// A small, strict XML 1.0 scanner that turns SVD text into a tree of XmlElement. It checks
// well-formedness (tag nesting, one root, closed constructs); it knows nothing of SVD.
// Why not saxes: on STM32H743x.svd saxes alone costs ~20% of xml2js, leaving no room for resolution.

import { SvdFormatError } from '../common';

/** One XML element: its tag, attributes, child elements, and text (only kept for leaf elements). */
export class XmlElement {
  /**
   * The text is a range of `textSource`, sliced when asked for: most leaf texts are numbers read
   * once, so never keeping them as strings spares the garbage collector ~50k survivors on a 4 MB
   * file. Decoded or multi-piece text is stored whole in `textSource`.
   */
  private textSource = '';
  private textStart = 0;
  private textEnd = 0;
  /** Leaves share one frozen empty array: three quarters of SVD elements are leaves. */
  private kids: XmlElement[] = noChildren;

  constructor(
    readonly name: string,
    readonly attrs: Readonly<Record<string, string>> | undefined,
  ) {}

  /** Text content; for elements with child elements this is '' (SVD puts no mixed content). */
  get text(): string {
    return this.textEnd === this.textStart ? '' : this.textSource.slice(this.textStart, this.textEnd);
  }

  /** Sets the text to `source[start, end)`, or appends that range to the text there is. */
  addText(source: string, start: number, end: number): void {
    if (this.textEnd === this.textStart) {
      this.textSource = source;
      this.textStart = start;
      this.textEnd = end;
    } else {
      this.textSource = this.text + source.slice(start, end);
      this.textStart = 0;
      this.textEnd = this.textSource.length;
    }
  }

  get children(): readonly XmlElement[] {
    return this.kids;
  }

  /** Adds a child element (the scanner, and derivedFrom merging, build trees with it). */
  append(child: XmlElement): void {
    this.textEnd = this.textStart;
    if (this.kids === noChildren) this.kids = [];
    this.kids.push(child);
  }

  /** First child element called `name`. */
  child(name: string): XmlElement | undefined {
    for (const c of this.children) if (c.name === name) return c;
    return undefined;
  }

  /** Trimmed text of the first child called `name`, or undefined when absent. */
  childText(name: string): string | undefined {
    const c = this.child(name);
    return c === undefined ? undefined : c.text.trim();
  }
}

const noChildren: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parses `text` as an XML document and returns its root element. Comments, processing
 * instructions and the DOCTYPE are skipped; CDATA becomes text. Throws SvdFormatError for
 * anything that is not well-formed XML (XML 1.0 section 2.1), naming the line.
 */
export function parseXml(text: string, knownNames: Iterable<string> = []): XmlElement {
  const scanner = new Scanner(text, knownNames);
  return scanner.document();
}

class Scanner {
  private pos = 0;
  private readonly stack: XmlElement[] = [];
  private root: XmlElement | undefined;
  /**
   * Tag names met so far, keyed by length and first and last character. Reusing one string per
   * name spares an allocation per element, and makes name comparisons pointer comparisons when
   * the caller passes its own literals as `knownNames`.
   */
  private readonly names = new Map<number, string>();
  /** Position of the next '&' at or after the current text, or -1 when there is none. */
  private nextAmp = 0;

  constructor(
    private readonly src: string,
    knownNames: Iterable<string>,
  ) {
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1;
    for (const name of knownNames) this.names.set(nameKey(name, 0, name.length), name);
  }

  document(): XmlElement {
    const src = this.src;
    for (;;) {
      const lt = src.indexOf('<', this.pos);
      const end = lt < 0 ? src.length : lt;
      if (end > this.pos) this.text(end);
      if (lt < 0) break;
      this.pos = lt;
      this.markup();
    }
    if (this.stack.length > 0) {
      const open = this.stack[this.stack.length - 1];
      this.fail(`unexpected end of file: <${open.name}> is not closed (truncated file?)`, src.length);
    }
    if (this.root === undefined) this.fail('no XML element found: this is not an XML file', 0);
    return this.root;
  }

  private markup(): void {
    const src = this.src;
    const next = src.charCodeAt(this.pos + 1);
    if (next === 0x2f /* / */) return this.closeTag();
    if (next === 0x3f /* ? */) return this.skipPast('?>', 'processing instruction');
    if (next === 0x21 /* ! */) {
      if (src.startsWith('<!--', this.pos)) return this.skipPast('-->', 'comment');
      if (src.startsWith('<![CDATA[', this.pos)) {
        const stop = this.find(']]>', 'CDATA section');
        const current = this.stack[this.stack.length - 1];
        if (current === undefined) this.fail('CDATA outside the root element', this.pos);
        if (current.children.length === 0) current.addText(src, this.pos + 9, stop);
        this.pos = stop + 3;
        return;
      }
      if (src.startsWith('<!DOCTYPE', this.pos)) return this.skipDoctype();
      this.fail('unknown markup after "<!"', this.pos);
    }
    this.openTag();
  }

  private openTag(): void {
    const src = this.src;
    const start = this.pos + 1;
    let i = start;
    while (i < src.length && !isNameEnd(src.charCodeAt(i))) i++;
    if (i === start) this.fail('"<" not followed by an element name', this.pos);
    const name = this.intern(start, i);
    let attrs: Record<string, string> | undefined;
    for (;;) {
      while (i < src.length && isSpace(src.charCodeAt(i))) i++;
      if (i >= src.length) this.fail(`unexpected end of file inside <${name}>`, start);
      const c = src.charCodeAt(i);
      if (c === 0x3e /* > */ || (c === 0x2f && src.charCodeAt(i + 1) === 0x3e)) break;
      const nameStart = i;
      while (i < src.length && !isNameEnd(src.charCodeAt(i)) && src.charCodeAt(i) !== 0x3d) i++;
      const attrName = src.slice(nameStart, i);
      while (isSpace(src.charCodeAt(i))) i++;
      if (attrName === '' || src.charCodeAt(i) !== 0x3d /* = */) this.fail(`malformed attribute in <${name}>`, i);
      i++;
      while (isSpace(src.charCodeAt(i))) i++;
      const quote = src.charCodeAt(i);
      if (quote !== 0x22 && quote !== 0x27) this.fail(`attribute ${attrName} of <${name}> has no quoted value`, i);
      const close = src.indexOf(quote === 0x22 ? '"' : "'", i + 1);
      if (close < 0) this.fail(`unexpected end of file inside <${name}>`, start);
      attrs ??= {};
      if (attrName in attrs) this.fail(`attribute ${attrName} repeated in <${name}>`, nameStart);
      attrs[attrName] = decodeEntities(src.slice(i + 1, close));
      i = close + 1;
    }
    const element = new XmlElement(name, attrs);
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) {
      parent.append(element);
    } else if (this.root !== undefined) {
      this.fail(`a second root element <${name}> after <${this.root.name}>`, this.pos);
    } else {
      this.root = element;
    }
    if (src.charCodeAt(i) === 0x2f) {
      this.pos = i + 2;
    } else {
      this.stack.push(element);
      this.pos = i + 1;
    }
  }

  private closeTag(): void {
    const src = this.src;
    const stop = this.find('>', 'end tag');
    const open = this.stack.pop();
    const nameEnd = this.pos + 2 + (open?.name.length ?? 0);
    let matches = open !== undefined && src.startsWith(open.name, this.pos + 2);
    for (let i = nameEnd; matches && i < stop; i++) matches = isSpace(src.charCodeAt(i));
    if (!matches) {
      const name = src.slice(this.pos + 2, stop).trim();
      if (open === undefined) this.fail(`end tag </${name}> without a start tag`, this.pos);
      this.fail(`end tag </${name}> does not match <${open.name}>`, this.pos);
    }
    this.pos = stop + 1;
  }

  private intern(start: number, end: number): string {
    const src = this.src;
    const key = nameKey(src, start, end);
    const known = this.names.get(key);
    if (known !== undefined && src.startsWith(known, start)) return known;
    const name = src.slice(start, end);
    if (known === undefined) this.names.set(key, name);
    return name;
  }

  /** Character data from `pos` to `end`; only leaf elements keep it. */
  private text(end: number): void {
    const current = this.stack[this.stack.length - 1];
    if (current === undefined) {
      for (let i = this.pos; i < end; i++) {
        if (!isSpace(this.src.charCodeAt(i))) this.fail('text outside the root element: this is not an XML file', i);
      }
    } else if (current.children.length === 0) {
      // The next '&' in the file, found once and reused, so texts cost no scan of their own.
      if (this.nextAmp >= 0 && this.nextAmp < this.pos) this.nextAmp = this.src.indexOf('&', this.pos);
      const amp = this.nextAmp;
      if (amp < 0 || amp >= end) current.addText(this.src, this.pos, end);
      else {
        const decoded = decodeEntities(this.src.slice(this.pos, end));
        current.addText(decoded, 0, decoded.length);
      }
    }
  }

  private skipPast(terminator: string, what: string): void {
    this.pos = this.find(terminator, what) + terminator.length;
  }

  private skipDoctype(): void {
    const bracket = this.src.indexOf('[', this.pos);
    const close = this.src.indexOf('>', this.pos);
    if (bracket >= 0 && bracket < close) {
      this.pos = bracket;
      this.skipPast(']', 'DOCTYPE');
    }
    this.skipPast('>', 'DOCTYPE');
  }

  private find(terminator: string, what: string): number {
    const stop = this.src.indexOf(terminator, this.pos);
    if (stop < 0) this.fail(`unexpected end of file inside a ${what}`, this.pos);
    return stop;
  }

  private fail(message: string, at: number): never {
    let line = 1;
    for (let i = this.src.indexOf('\n'); i >= 0 && i < at; i = this.src.indexOf('\n', i + 1)) line++;
    throw new SvdFormatError(`XML error at line ${line}: ${message}`, '');
  }
}

function nameKey(text: string, start: number, end: number): number {
  return ((end - start) << 16) | ((text.charCodeAt(start) & 0xff) << 8) | (text.charCodeAt(end - 1) & 0xff);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isNameEnd(c: number): boolean {
  return isSpace(c) || c === 0x3e /* > */ || c === 0x2f /* / */ || c === 0x3c /* < */ || Number.isNaN(c);
}

/**
 * Replaces the predefined entities and character references (XML 1.0 sections 4.6, 4.1). A stray
 * `&` or an unknown entity is kept as written: vendors put "R&D" in descriptions, and refusing the
 * whole file for it would help nobody.
 */
function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[ref] ?? whole;
  });
}
