// A small strict reader for WeCom's callback XML (a flat <xml> of elements holding text or CDATA, a few
// nested lists) and a writer for passive replies. No DTDs, no entities beyond XML's five and numeric
// references, no attributes except on the prolog; size, depth and element count are capped. Anything else
// is refused, so a hostile body cannot expand, recurse or smuggle markup.

export class XmlError extends Error {}

export interface XmlElement {
  name: string;
  /** The text of a leaf (CDATA and character data joined); '' for an element with children. */
  text: string;
  children: XmlElement[];
}

export interface XmlLimits {
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

const DEFAULT_LIMITS: XmlLimits = { maxChars: 64 * 1024, maxDepth: 6, maxElements: 256 };
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*/;
const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z]+);|&/g;

interface Cursor {
  src: string;
  i: number;
  elements: number;
  limits: XmlLimits;
}

function fail(what: string): never {
  throw new XmlError(`malformed XML: ${what}`);
}

function skipSpace(c: Cursor): void {
  while (c.i < c.src.length && /\s/.test(c.src[c.i] ?? '')) c.i += 1;
}

function expect(c: Cursor, token: string): void {
  if (!c.src.startsWith(token, c.i)) fail(`expected ${token}`);
  c.i += token.length;
}

function readName(c: Cursor): string {
  const m = NAME.exec(c.src.slice(c.i, c.i + 128));
  if (!m) fail('bad element name');
  c.i += m[0].length;
  return m[0];
}

function decodeText(raw: string): string {
  return raw.replace(REFERENCE, (_whole, ref: string | undefined) => {
    if (ref === undefined) fail('bare &');
    if (!ref.startsWith('#')) return ENTITY[ref] ?? fail('unknown entity');
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail('bad character reference');
    return String.fromCodePoint(code);
  });
}

/** The content between `<Name>` and `</Name>`: text and CDATA, or child elements (whitespace between them). */
function readContent(c: Cursor, name: string, depth: number): XmlElement {
  const children: XmlElement[] = [];
  let text = '';
  for (;;) {
    if (c.i >= c.src.length) fail(`unclosed <${name}>`);
    if (c.src.startsWith('</', c.i)) {
      c.i += 2;
      if (readName(c) !== name) fail(`mismatched </${name}>`);
      skipSpace(c);
      expect(c, '>');
      break;
    }
    if (c.src.startsWith('<![CDATA[', c.i)) {
      const end = c.src.indexOf(']]>', c.i + 9);
      if (end < 0) fail('unclosed CDATA');
      text += c.src.slice(c.i + 9, end);
      c.i = end + 3;
    } else if (c.src.startsWith('<!', c.i) || c.src.startsWith('<?', c.i)) {
      fail('declarations, comments and processing instructions are not accepted');
    } else if (c.src[c.i] === '<') {
      children.push(readElement(c, depth + 1));
    } else {
      const next = c.src.indexOf('<', c.i);
      if (next < 0) fail(`unclosed <${name}>`);
      text += decodeText(c.src.slice(c.i, next));
      c.i = next;
    }
  }
  if (children.length > 0 && text.trim() !== '') fail(`mixed content in <${name}>`);
  return { name, text: children.length > 0 ? '' : text, children };
}

function readElement(c: Cursor, depth: number): XmlElement {
  if (depth > c.limits.maxDepth) fail('nested too deep');
  c.elements += 1;
  if (c.elements > c.limits.maxElements) fail('too many elements');
  expect(c, '<');
  const name = readName(c);
  skipSpace(c);
  if (c.src.startsWith('/>', c.i)) {
    c.i += 2;
    return { name, text: '', children: [] };
  }
  expect(c, '>');
  return readContent(c, name, depth);
}

/** Parses one document whose root must be `<xml>`. */
export function parseXml(src: string, limits: Partial<XmlLimits> = {}): XmlElement {
  const c: Cursor = { src, i: 0, elements: 0, limits: { ...DEFAULT_LIMITS, ...limits } };
  if (src.length > c.limits.maxChars) fail('too large');
  skipSpace(c);
  if (src.startsWith('<?xml', c.i)) {
    const end = src.indexOf('?>', c.i);
    if (end < 0) fail('unclosed prolog');
    c.i = end + 2;
    skipSpace(c);
  }
  const root = readElement(c, 1);
  skipSpace(c);
  if (c.i !== src.length) fail('content after the root element');
  if (root.name !== 'xml') fail('the root element must be <xml>');
  return root;
}

/** The root's leaf children by name (the first of each name); nested lists are left out. */
export function fieldsOf(root: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const child of root.children) {
    if (child.children.length === 0 && !Object.hasOwn(out, child.name)) out[child.name] = child.text;
  }
  return out;
}

// Characters XML 1.0 cannot carry at all.
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** A CDATA section holding `text` exactly, even when it contains `]]>`. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(ILLEGAL, '').split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

export type XmlValue = string | number | XmlNode;
export interface XmlNode {
  [name: string]: XmlValue;
}

/** `{A: 'x', B: 1, C: {D: 'y'}}` → `<A><![CDATA[x]]></A><B>1</B><C><D><![CDATA[y]]></D></C>`. */
export function xmlOf(node: XmlNode): string {
  return Object.entries(node)
    .map(([name, value]) => {
      const inner =
        typeof value === 'number' ? String(value) : typeof value === 'string' ? cdata(value) : xmlOf(value);
      return `<${name}>${inner}</${name}>`;
    })
    .join('');
}

export function documentOf(node: XmlNode): string {
  return `<xml>${xmlOf(node)}</xml>`;
}
