// The element tree the XML scanner builds: tag, attributes, children and lazily sliced leaf
// text, with deferred content parsed on first use. No parsing logic of its own.

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
  /** Content not parsed yet (see XmlScanOptions.deferredTags). */
  private deferred: DeferredContent | undefined;

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

  /** Child elements; a deferred element parses its content on first use (and may throw then). */
  get children(): readonly XmlElement[] {
    if (this.deferred !== undefined && this.kids === noChildren) {
      const { scanner, start, end } = this.deferred;
      scanner.fragment(this, start, end);
    }
    return this.kids;
  }

  /** True while the content of a deferred element is not parsed. */
  get isDeferred(): boolean {
    return this.deferred !== undefined && this.kids === noChildren;
  }

  /**
   * Drops the parsed children of a deferred element, which parses them again when asked. Lets a
   * caller that has read a subtree make it garbage at once rather than keep it for the whole load.
   */
  release(): void {
    if (this.deferred !== undefined) this.kids = noChildren;
  }

  /** Scanner use only: content from `start` to `end` of the scanner's text is parsed on demand. */
  defer(scanner: FragmentParser, start: number, end: number): void {
    this.deferred = { scanner, start, end };
  }

  /** Scanner use only: whether a child element was added, without parsing deferred content. */
  hasChildElements(): boolean {
    return this.kids.length > 0;
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

/** What parses a deferred element's content (the scanner that met it). */
export interface FragmentParser {
  fragment(parent: XmlElement, start: number, end: number): void;
}

interface DeferredContent {
  readonly scanner: FragmentParser;
  readonly start: number;
  readonly end: number;
}
