/**
 * Just enough of a PDF reader to learn, from a PDF Chromium printed, on which page each named
 * destination (an element with an id that a link in the document points to) and each outline
 * entry (bookmark) landed. The report's contents page is filled with these page numbers.
 *
 * It reads the cross-reference table (falling back to scanning for "N G obj" headers), follows
 * the catalog to the page tree, /Dests (or the /Names /Dests name tree) and /Outlines, and parses
 * only dictionaries, arrays, names, strings, numbers and references — never stream contents.
 */

type PdfValue = number | boolean | null | string | PdfName | PdfRef | PdfValue[] | PdfDict | PdfString;
interface PdfName {
  kind: 'name';
  name: string;
}
interface PdfRef {
  kind: 'ref';
  num: number;
  gen: number;
}
interface PdfString {
  kind: 'string';
  bytes: number[];
}
interface PdfDict {
  kind: 'dict';
  entries: Map<string, PdfValue>;
}

const isObject = (v: PdfValue): v is PdfName | PdfRef | PdfString | PdfDict =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isRef = (v: PdfValue | undefined): v is PdfRef => v !== undefined && isObject(v) && v.kind === 'ref';
const isDict = (v: PdfValue | undefined): v is PdfDict => v !== undefined && isObject(v) && v.kind === 'dict';
const isName = (v: PdfValue | undefined): v is PdfName => v !== undefined && isObject(v) && v.kind === 'name';
const isString = (v: PdfValue | undefined): v is PdfString => v !== undefined && isObject(v) && v.kind === 'string';

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

class Parser {
  constructor(
    private readonly data: Buffer,
    public pos: number,
  ) {}

  private peek(offset = 0): number {
    return this.data[this.pos + offset] ?? -1;
  }

  skipSpace(): void {
    for (;;) {
      const c = this.peek();
      if (c === 0x25) {
        while (this.pos < this.data.length && this.peek() !== 0x0a && this.peek() !== 0x0d) this.pos += 1;
      } else if (WHITESPACE.has(c)) {
        this.pos += 1;
      } else {
        return;
      }
    }
  }

  private token(): string {
    const start = this.pos;
    while (this.pos < this.data.length && !WHITESPACE.has(this.peek()) && !DELIMITERS.has(this.peek())) this.pos += 1;
    return this.data.toString('latin1', start, this.pos);
  }

  value(): PdfValue {
    this.skipSpace();
    const c = this.peek();
    if (c === 0x2f) {
      this.pos += 1;
      return { kind: 'name', name: decodeName(this.token()) };
    }
    if (c === 0x3c && this.peek(1) === 0x3c) return this.dict();
    if (c === 0x3c) return this.hexString();
    if (c === 0x28) return this.literalString();
    if (c === 0x5b) {
      this.pos += 1;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.peek() === 0x5d || this.pos >= this.data.length) break;
        items.push(this.value());
      }
      this.pos += 1;
      return items;
    }
    const word = this.token();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null' || word === '') {
      if (word === '') this.pos += 1;
      return null;
    }
    const number = Number(word);
    if (Number.isInteger(number) && number >= 0) {
      // "N G R" is a reference; look ahead without consuming when it is not.
      const save = this.pos;
      this.skipSpace();
      const generation = this.token();
      this.skipSpace();
      if (
        /^\d+$/.test(generation) &&
        this.peek() === 0x52 /* R */ &&
        !/[A-Za-z]/.test(String.fromCharCode(this.peek(1)))
      ) {
        this.pos += 1;
        return { kind: 'ref', num: number, gen: Number(generation) };
      }
      this.pos = save;
    }
    return Number.isNaN(number) ? null : number;
  }

  private dict(): PdfDict {
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipSpace();
      if ((this.peek() === 0x3e && this.peek(1) === 0x3e) || this.pos >= this.data.length) break;
      const key = this.value();
      const value = this.value();
      if (isName(key)) entries.set(key.name, value);
    }
    this.pos += 2;
    return { kind: 'dict', entries };
  }

  private hexString(): PdfString {
    this.pos += 1;
    let hex = '';
    while (this.pos < this.data.length && this.peek() !== 0x3e) {
      const ch = String.fromCharCode(this.peek());
      if (/[0-9A-Fa-f]/.test(ch)) hex += ch;
      this.pos += 1;
    }
    this.pos += 1;
    if (hex.length % 2 === 1) hex += '0';
    const bytes: number[] = [];
    for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
    return { kind: 'string', bytes };
  }

  private literalString(): PdfString {
    this.pos += 1;
    const bytes: number[] = [];
    let depth = 1;
    while (this.pos < this.data.length) {
      const c = this.peek();
      this.pos += 1;
      if (c === 0x5c) {
        const next = this.peek();
        this.pos += 1;
        const simple: Record<number, number> = {
          0x6e: 0x0a,
          0x72: 0x0d,
          0x74: 0x09,
          0x62: 0x08,
          0x66: 0x0c,
          0x28: 0x28,
          0x29: 0x29,
          0x5c: 0x5c,
        };
        if (simple[next] !== undefined) bytes.push(simple[next]);
        else if (next >= 0x30 && next <= 0x37) {
          let octal = String.fromCharCode(next);
          while (octal.length < 3 && this.peek() >= 0x30 && this.peek() <= 0x37) {
            octal += String.fromCharCode(this.peek());
            this.pos += 1;
          }
          bytes.push(parseInt(octal, 8) & 0xff);
        } else if (next === 0x0d) {
          if (this.peek() === 0x0a) this.pos += 1;
        } else if (next !== 0x0a) bytes.push(next);
        continue;
      }
      if (c === 0x28) depth += 1;
      if (c === 0x29) {
        depth -= 1;
        if (depth === 0) break;
      }
      bytes.push(c);
    }
    return { kind: 'string', bytes };
  }
}

function decodeName(raw: string): string {
  const bytes = Buffer.from(
    raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  return bytes.toString('utf8');
}

/** A PDF text string: UTF-16BE with a byte order mark, UTF-8 with one, or PDFDocEncoding (read as Latin-1). */
function decodeText(value: PdfString): string {
  const b = value.bytes;
  if (b[0] === 0xfe && b[1] === 0xff) {
    let text = '';
    for (let i = 2; i + 1 < b.length; i += 2) text += String.fromCharCode(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
    return text;
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.slice(3)).toString('utf8');
  return Buffer.from(b).toString('latin1');
}

class PdfDocument {
  private readonly offsets = new Map<number, number>();
  private readonly cache = new Map<number, PdfValue>();
  readonly trailer: PdfDict;

  constructor(private readonly data: Buffer) {
    this.trailer = this.readXref() ?? this.scanObjects();
  }

  /** The classic cross-reference table Chromium (Skia) writes; undefined for xref streams or damage. */
  private readXref(): PdfDict | undefined {
    const tail = this.data.toString('latin1', Math.max(0, this.data.length - 2048));
    const match = /startxref\s+(\d+)/.exec(tail.slice(tail.lastIndexOf('startxref')));
    if (!match) return undefined;
    let pos = Number(match[1]);
    if (this.data.toString('latin1', pos, pos + 4) !== 'xref') return undefined;
    pos += 4;
    const text = this.data.toString('latin1', pos, this.data.indexOf('trailer', pos, 'latin1'));
    const lines = text
      .split(/\r\n|\r|\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    let next = 0;
    for (const line of lines) {
      const section = /^(\d+)\s+(\d+)$/.exec(line);
      if (section) {
        next = Number(section[1]);
        continue;
      }
      const entry = /^(\d{10})\s+(\d{5})\s+([nf])$/.exec(line);
      if (!entry) return undefined;
      if (entry[3] === 'n') this.offsets.set(next, Number(entry[1]));
      next += 1;
    }
    const trailerAt = this.data.indexOf('trailer', pos, 'latin1');
    const trailer = new Parser(this.data, trailerAt + 'trailer'.length).value();
    return isDict(trailer) ? trailer : undefined;
  }

  /** Without a usable table: every "N G obj" header, the last definition winning, and the last trailer. */
  private scanObjects(): PdfDict {
    const text = this.data.toString('latin1');
    for (const match of text.matchAll(/(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g)) {
      this.offsets.set(Number(match[1]), (match.index ?? 0) + match[0].length - match[0].trimStart().length);
    }
    const at = text.lastIndexOf('trailer');
    const trailer = at >= 0 ? new Parser(this.data, at + 'trailer'.length).value() : null;
    if (isDict(trailer)) return trailer;
    // No trailer (an xref-stream file): find the catalog directly.
    for (const num of this.offsets.keys()) {
      const value = this.object(num);
      if (
        isDict(value) &&
        isName(value.entries.get('Type')) &&
        (value.entries.get('Type') as PdfName).name === 'Catalog'
      ) {
        return { kind: 'dict', entries: new Map<string, PdfValue>([['Root', { kind: 'ref', num, gen: 0 }]]) };
      }
    }
    throw new Error('not a PDF this reader understands (no trailer, no catalog)');
  }

  private object(num: number): PdfValue {
    if (this.cache.has(num)) return this.cache.get(num) ?? null;
    const offset = this.offsets.get(num);
    let value: PdfValue = null;
    if (offset !== undefined) {
      const parser = new Parser(this.data, offset);
      parser.value(); // object number
      parser.value(); // generation
      parser.skipSpace();
      if (this.data.toString('latin1', parser.pos, parser.pos + 3) === 'obj') {
        parser.pos += 3;
        value = parser.value();
      }
    }
    this.cache.set(num, value);
    return value;
  }

  resolve(value: PdfValue | undefined, depth = 0): PdfValue {
    if (value === undefined) return null;
    if (isRef(value) && depth < 32) return this.resolve(this.object(value.num), depth + 1);
    return value;
  }

  get(dict: PdfDict, key: string): PdfValue {
    return this.resolve(dict.entries.get(key));
  }

  catalog(): PdfDict {
    const root = this.get(this.trailer, 'Root');
    if (!isDict(root)) throw new Error('the PDF has no catalog');
    return root;
  }

  /** Page object number → 1-based page number, in page-tree order. */
  pageNumbers(): Map<number, number> {
    const pages = new Map<number, number>();
    const visit = (ref: PdfValue | undefined, depth: number): void => {
      if (!isRef(ref) || depth > 64) return;
      const node = this.resolve(ref);
      if (!isDict(node)) return;
      const kids = this.get(node, 'Kids');
      if (Array.isArray(kids)) for (const kid of kids) visit(kid, depth + 1);
      else if (!pages.has(ref.num)) pages.set(ref.num, pages.size + 1);
    };
    visit(this.catalog().entries.get('Pages'), 0);
    return pages;
  }

  /** The page a destination ([page /XYZ …], or a dictionary with /D) points to. */
  destinationPage(destination: PdfValue, pages: Map<number, number>): number | undefined {
    const resolved = this.resolve(destination);
    const array = isDict(resolved) ? this.get(resolved, 'D') : resolved;
    if (!Array.isArray(array) || !isRef(array[0])) return undefined;
    return pages.get(array[0].num);
  }
}

export interface OutlineEntry {
  title: string;
  page: number | undefined;
  depth: number;
}

/**
 * Named destination → 1-based page number. Chromium writes a named destination for every element
 * whose id is the target of an in-document link (<a href="#id">).
 */
export function namedDestinationPages(pdf: Buffer): Map<string, number> {
  const doc = new PdfDocument(pdf);
  const pages = doc.pageNumbers();
  const result = new Map<string, number>();
  const catalog = doc.catalog();
  const dests = doc.get(catalog, 'Dests');
  if (isDict(dests)) {
    for (const [name, destination] of dests.entries) {
      const page = doc.destinationPage(destination, pages);
      if (page !== undefined) result.set(name, page);
    }
  }
  const names = doc.get(catalog, 'Names');
  const tree = isDict(names) ? doc.get(names, 'Dests') : null;
  const walk = (node: PdfValue, depth: number): void => {
    if (!isDict(node) || depth > 32) return;
    const leaves = doc.get(node, 'Names');
    if (Array.isArray(leaves)) {
      for (let i = 0; i + 1 < leaves.length; i += 2) {
        const key = doc.resolve(leaves[i]);
        const page = doc.destinationPage(leaves[i + 1] ?? null, pages);
        if (isString(key) && page !== undefined) result.set(decodeText(key), page);
      }
    }
    const kids = doc.get(node, 'Kids');
    if (Array.isArray(kids)) for (const kid of kids) walk(doc.resolve(kid), depth + 1);
  };
  walk(tree, 0);
  return result;
}

/** The document outline (bookmarks) in order, with each entry's depth and page. */
export function outlineEntries(pdf: Buffer): OutlineEntry[] {
  const doc = new PdfDocument(pdf);
  const pages = doc.pageNumbers();
  const outlines = doc.get(doc.catalog(), 'Outlines');
  const entries: OutlineEntry[] = [];
  const seen = new Set<PdfValue>();
  const visit = (first: PdfValue, depth: number): void => {
    let item = doc.resolve(first);
    while (isDict(item) && !seen.has(item) && entries.length < 100_000) {
      seen.add(item);
      const title = doc.get(item, 'Title');
      const destination = item.entries.get('Dest');
      const action = doc.get(item, 'A');
      const target = destination ?? (isDict(action) ? action.entries.get('D') : undefined);
      entries.push({
        title: isString(title) ? decodeText(title) : '',
        page: target === undefined ? undefined : doc.destinationPage(target, pages),
        depth,
      });
      const child = item.entries.get('First');
      if (child !== undefined) visit(child, depth + 1);
      item = doc.resolve(item.entries.get('Next'));
    }
  };
  if (isDict(outlines)) visit(outlines.entries.get('First') ?? null, 0);
  return entries;
}

/** How many pages the PDF has. */
export function pageCount(pdf: Buffer): number {
  return new PdfDocument(pdf).pageNumbers().size;
}
