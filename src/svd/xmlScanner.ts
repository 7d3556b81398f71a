// A small, strict XML 1.0 scanner that turns SVD text into a tree of XmlElement. It checks
// well-formedness (tag nesting, one root, closed constructs); it knows nothing of SVD.
// Why not saxes: on STM32H743x.svd saxes alone costs ~20% of xml2js, leaving no room for resolution.

import { SvdFormatError } from '../common';
import { XmlElement, type FragmentParser } from './xmlElement';

/** Options of parseXml. */
export interface XmlScanOptions {
  /** Tag names to intern (the caller's literals, so comparisons are pointer comparisons). */
  readonly knownNames?: Iterable<string>;
  /**
   * Elements whose content is parsed only when their children are first asked for. A caller that
   * reads such a subtree once and releases it keeps the garbage collector from copying it.
   */
  readonly deferredTags?: ReadonlySet<string>;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parses `text` as an XML document and returns its root element. Comments, processing
 * instructions and the DOCTYPE are skipped; CDATA becomes text. Throws SvdFormatError for
 * anything that is not well-formed XML (XML 1.0 section 2.1), naming the line.
 */
export function parseXml(text: string, options: XmlScanOptions = {}): XmlElement {
  const names = new Map<number, string>();
  for (const name of options.knownNames ?? []) names.set(nameKey(name, 0, name.length), name);
  return new Scanner(text, names, options.deferredTags ?? new Set()).document();
}

class Scanner implements FragmentParser {
  private pos = 0;
  /** End of the text being scanned: the file, or a deferred element's content. */
  private limit: number;
  /** Position of the next "<!" (comment, CDATA, DOCTYPE) at or after `pos`, or -1 when none. */
  private nextDeclaration = 0;
  private readonly stack: XmlElement[] = [];
  private root: XmlElement | undefined;
  /** Position of the next '&' at or after the current text, or -1 when there is none. */
  private nextAmp = 0;
  /**
   * The text '&' is searched in: the file, or for a fragment its own slice, so that a search
   * never runs past the fragment (a file with few '&' would make every fragment scan to its end).
   */
  private ampView: string;
  private ampViewOffset = 0;

  /**
   * `names` holds the tag names met so far, keyed by length and first and last character (see
   * nameKey). Reusing one string per name spares an allocation per element, and makes name
   * comparisons pointer comparisons when the caller passes its own literals as knownNames.
   */
  constructor(
    private readonly src: string,
    private readonly names: Map<number, string>,
    private readonly deferredTags: ReadonlySet<string>,
  ) {
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.limit = src.length;
    this.ampView = src;
  }

  document(): XmlElement {
    this.run();
    if (this.stack.length > 0) {
      const open = this.stack[this.stack.length - 1];
      this.fail(`unexpected end of file: <${open.name}> is not closed (truncated file?)`, this.src.length);
    }
    if (this.root === undefined) this.fail('no XML element found: this is not an XML file', 0);
    return this.root;
  }

  /** Parses `src[start, end)` as the content of `parent` (a deferred element). */
  fragment(parent: XmlElement, start: number, end: number): void {
    const scanner = new Scanner(this.src, this.names, this.deferredTags);
    scanner.pos = start;
    scanner.limit = end;
    scanner.ampView = this.src.slice(start, end);
    scanner.ampViewOffset = start;
    scanner.root = parent;
    scanner.stack.push(parent);
    scanner.run();
    if (scanner.stack.length > 1) {
      const open = scanner.stack[scanner.stack.length - 1];
      scanner.fail(`<${open.name}> is not closed before </${parent.name}>`, end);
    }
  }

  private run(): void {
    const src = this.src;
    for (;;) {
      let lt = src.indexOf('<', this.pos);
      if (lt >= this.limit) lt = -1;
      const end = lt < 0 ? this.limit : lt;
      if (end > this.pos) this.text(end);
      if (lt < 0) break;
      this.pos = lt;
      this.markup();
    }
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
        if (!current.hasChildElements()) current.addText(src, this.pos + 9, stop);
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
    } else if (!(this.deferredTags.has(name) && this.deferContent(element, i + 1))) {
      this.stack.push(element);
      this.pos = i + 1;
    }
  }

  /**
   * Skips the content of `element` up to its end tag, leaving it to be parsed on demand. Only
   * done when the content holds no comment or CDATA (which could hide an end tag); otherwise
   * false, and the content is parsed now. Deferred tags must not nest (SVD's <fields> cannot):
   * a nested one would end the content early and fail as an unclosed element when parsed.
   */
  private deferContent(element: XmlElement, start: number): boolean {
    const src = this.src;
    const close = src.indexOf(`</${element.name}`, start);
    if (close < 0 || close >= this.limit) return false;
    if (this.nextDeclaration >= 0 && this.nextDeclaration < start) this.nextDeclaration = src.indexOf('<!', start);
    if (this.nextDeclaration >= 0 && this.nextDeclaration < close) return false;
    const gt = src.indexOf('>', close);
    if (gt < 0) return false;
    for (let k = close + 2 + element.name.length; k < gt; k++) if (!isSpace(src.charCodeAt(k))) return false;
    element.defer(this, start, close);
    this.pos = gt + 1;
    return true;
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
    } else if (!current.hasChildElements()) {
      // The next '&' in the file, found once and reused, so texts cost no scan of their own.
      if (this.nextAmp >= 0 && this.nextAmp < this.pos) {
        const found = this.ampView.indexOf('&', this.pos - this.ampViewOffset);
        this.nextAmp = found < 0 ? -1 : found + this.ampViewOffset;
      }
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
