import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CapProblem } from './cap-alert.js';

/**
 * A small, safe XML reader for CAP: a size cap, no DTDs (so no entity expansion: XXE, billion laughs), XML 1.0
 * characters only, and namespace-resolved elements in document order. fast-xml-parser checks well-formedness
 * and tokenises; this module adds what it leaves out (namespaces, one root, entity and character references).
 */

/**
 * The largest document read: 1 MiB. A CAP alert is a few KiB, but one with an embedded resource (`derefUri`) can
 * run to hundreds (issue 14); anything past this is a mistake or an attack.
 */
export const MAX_CAP_BYTES = 1024 * 1024;

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

export type XmlAttr = { qname: string; local: string; ns: string | undefined; value: string };

/** A text run as written: character data (references still encoded) or a CDATA section (taken literally). */
type TextRun = { raw: string; cdata: boolean };

export type XmlElement = {
  qname: string;
  local: string;
  ns: string | undefined;
  attrs: XmlAttr[];
  children: XmlElement[];
  runs: TextRun[];
};

export type XmlReadResult = { ok: true; root: XmlElement } | { ok: false; problems: CapProblem[] };

const DOC = '(document)';

// XML 1.0 `Char`: no C0 controls but tab, LF and CR; no U+FFFE/U+FFFF; no unpaired surrogates.
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isXmlCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*)?(;?)/g;

/**
 * Decodes the five predefined entities and numeric character references in one pass (so `&amp;#38;` stays
 * `&#38;`). Any other named entity could only come from a DTD, which is refused, so it is an error.
 */
export function decodeReferences(raw: string): { ok: true; text: string } | { ok: false; message: string } {
  let error: string | undefined;
  const text = raw.replace(REFERENCE, (whole, name: string | undefined, semi: string) => {
    if (name === undefined || semi !== ';') {
      error ??= `"${whole}" is not a complete reference (write & as &amp;)`;
      return whole;
    }
    if (name.startsWith('#')) {
      const cp = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (!isXmlCodePoint(cp)) {
        error ??= `"${whole}" refers to a character XML 1.0 does not allow`;
        return whole;
      }
      return String.fromCodePoint(cp);
    }
    if (Object.hasOwn(PREDEFINED, name)) return PREDEFINED[name]!;
    error ??= `"${whole}" is not one of the five XML entities (&lt; &gt; &amp; &quot; &apos;); DTD entities are not accepted`;
    return whole;
  });
  return error === undefined ? { ok: true, text } : { ok: false, message: error };
}

/** The element's character content: runs joined, references decoded, CDATA literal. */
export function elementText(el: XmlElement): { ok: true; text: string } | { ok: false; message: string } {
  let text = '';
  for (const run of el.runs) {
    if (run.cdata) {
      text += run.raw;
      continue;
    }
    const decoded = decodeReferences(run.raw);
    if (!decoded.ok) return decoded;
    text += decoded.text;
  }
  return { ok: true, text };
}

type RawNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  // Trimming and entity decoding happen here, per element, after CDATA and text runs are joined.
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
});

type Scope = ReadonlyMap<string, string>;

class TreeBuilder {
  readonly problems: CapProblem[] = [];

  build(node: RawNode, parentScope: Scope): XmlElement | undefined {
    const qname = Object.keys(node).find((k) => k !== ':@');
    if (qname === undefined) return undefined;
    const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
    const scope = new Map(parentScope);
    const decodedAttrs: { qname: string; value: string }[] = [];
    for (const [name, raw] of Object.entries(rawAttrs)) {
      const decoded = decodeReferences(String(raw));
      if (!decoded.ok)
        this.problems.push({ path: DOC, message: `attribute ${name} of <${qname}>: ${decoded.message}` });
      const value = decoded.ok ? decoded.text : String(raw);
      if (name === 'xmlns') scope.set('', value);
      else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
      decodedAttrs.push({ qname: name, value });
    }
    const [prefix, local] = this.split(qname);
    const ns = prefix === undefined ? scope.get('') || undefined : this.resolve(prefix, scope, qname);
    const attrs = decodedAttrs
      .filter((a) => a.qname !== 'xmlns' && !a.qname.startsWith('xmlns:'))
      .map((a): XmlAttr => {
        const [p, l] = this.split(a.qname);
        // Unprefixed attributes are in no namespace (Namespaces in XML §6.2), whatever the default is.
        return {
          qname: a.qname,
          local: l,
          ns: p === undefined ? undefined : this.resolve(p, scope, a.qname),
          value: a.value,
        };
      });
    const el: XmlElement = { qname, local, ns, attrs, children: [], runs: [] };
    for (const child of (node[qname] ?? []) as RawNode[]) {
      if ('#text' in child) el.runs.push({ raw: String(child['#text']), cdata: false });
      else if ('#cdata' in child) {
        const inner = (child['#cdata'] as RawNode[])[0];
        el.runs.push({ raw: inner === undefined ? '' : String(inner['#text'] ?? ''), cdata: true });
      } else if (!Object.keys(child).some((k) => k.startsWith('?'))) {
        const built = this.build(child, scope);
        if (built) el.children.push(built);
      }
    }
    return el;
  }

  private split(qname: string): [string | undefined, string] {
    const parts = qname.split(':');
    if (parts.length > 2 || parts.some((p) => p === '')) {
      this.problems.push({ path: DOC, message: `"${qname}" is not a valid namespaced name` });
    }
    return parts.length >= 2 ? [parts[0], parts.slice(1).join(':')] : [undefined, qname];
  }

  private resolve(prefix: string, scope: Scope, qname: string): string | undefined {
    if (prefix === 'xml') return XML_NAMESPACE;
    const ns = scope.get(prefix);
    if (ns === undefined)
      this.problems.push({ path: DOC, message: `prefix "${prefix}" of <${qname}> is not declared` });
    return ns;
  }
}

/** Reads `xml` into a tree, or says why it cannot be read safely. Never throws. */
export function readXml(input: string): XmlReadResult {
  const fail = (message: string): XmlReadResult => ({ ok: false, problems: [{ path: DOC, message }] });
  if (typeof input !== 'string') return fail('a CAP document must be given as text');
  // UTF-16 code units never outnumber UTF-8 bytes, so the cheap length test is exact when it fails.
  if (input.length > MAX_CAP_BYTES || Buffer.byteLength(input, 'utf8') > MAX_CAP_BYTES) {
    return fail(
      `the document is larger than ${MAX_CAP_BYTES / 1024} KiB, the most dutywatch keeps; link a large resource by <uri> instead of embedding it in <derefUri>`,
    );
  }
  // XML line-end handling (§2.11): the parser does not do it, so CR LF and lone CR become LF here.
  const xml = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(xml);
  if (doctype) {
    return fail(
      `a DOCTYPE or entity declaration (line ${lineOf(xml, doctype.index)}) is not accepted: CAP needs none, and they allow entity-expansion attacks`,
    );
  }
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad) {
    const cp = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return fail(`line ${lineOf(xml, bad.index)} holds U+${cp}, a character XML 1.0 does not allow`);
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    return fail(`not well-formed XML at line ${line}${col === undefined ? '' : `, column ${col}`}: ${msg}`);
  }
  let nodes: RawNode[];
  try {
    nodes = parser.parse(xml) as RawNode[];
  } catch (err) {
    return fail(`the XML cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const builder = new TreeBuilder();
  const roots: XmlElement[] = [];
  for (const node of nodes) {
    if ('#text' in node) {
      if (String(node['#text']).trim() !== '') return fail('there is text outside the root element');
    } else if ('#cdata' in node) {
      return fail('there is a CDATA section outside the root element');
    } else if (!Object.keys(node).some((k) => k.startsWith('?'))) {
      const el = builder.build(node, new Map());
      if (el) roots.push(el);
    }
  }
  if (builder.problems.length > 0) return { ok: false, problems: builder.problems };
  if (roots.length !== 1) {
    return fail(
      roots.length === 0
        ? 'the document has no root element'
        : `the document has ${roots.length} root elements; XML allows one`,
    );
  }
  return { ok: true, root: roots[0]! };
}
