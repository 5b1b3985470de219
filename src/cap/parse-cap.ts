// Over 250 lines on purpose: the CAP 1.2 parser: the element sequences of CAP-v1.2.xsd as tables, in its order, and
// one reader that checks each element against them while it builds the alert, collecting every problem in one walk.
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_NAMESPACE,
  CAP_RESPONSE_TYPES,
  CAP_SCOPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  type CapAlert,
  type CapArea,
  type CapInfo,
  type CapParseResult,
  type CapProblem,
  type CapReference,
  type CapResource,
  type CapValuePair,
} from './cap-alert.js';
import {
  circleProblem,
  decimalValue,
  idProblem,
  languageProblem,
  mimeTypeProblem,
  polygonProblem,
  readReferences,
  sizeValue,
} from './cap-rules.js';
import { capTimeProblem } from './cap-time.js';
import { elementText, readXml, type XmlElement } from './xml-tree.js';

export { capTimeToMs, formatCapTime } from './cap-time.js';

const CAP_1_1_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.1';
const CAP_1_0_NAMESPACE = 'http://www.incident.com/cap/1.0';
const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/** CAP's default `language` when an info block names none. */
const DEFAULT_LANGUAGE = 'en-US';

/** Enough to fix a document; a flood of problems from a garbage upload helps nobody. */
const MAX_PROBLEMS = 100;

/** One element of an XSD `sequence`: `many` is maxOccurs="unbounded", otherwise at most one. */
type Slot = { name: string; required?: true; many?: true };

// The sequences of CAP-v1.2.xsd, in order.
const ALERT: readonly Slot[] = [
  { name: 'identifier', required: true },
  { name: 'sender', required: true },
  { name: 'sent', required: true },
  { name: 'status', required: true },
  { name: 'msgType', required: true },
  { name: 'source' },
  { name: 'scope', required: true },
  { name: 'restriction' },
  { name: 'addresses' },
  { name: 'code', many: true },
  { name: 'note' },
  { name: 'references' },
  { name: 'incidents' },
  { name: 'info', many: true },
];
const INFO: readonly Slot[] = [
  { name: 'language' },
  { name: 'category', required: true, many: true },
  { name: 'event', required: true },
  { name: 'responseType', many: true },
  { name: 'urgency', required: true },
  { name: 'severity', required: true },
  { name: 'certainty', required: true },
  { name: 'audience' },
  { name: 'eventCode', many: true },
  { name: 'effective' },
  { name: 'onset' },
  { name: 'expires' },
  { name: 'senderName' },
  { name: 'headline' },
  { name: 'description' },
  { name: 'instruction' },
  { name: 'web' },
  { name: 'contact' },
  { name: 'parameter', many: true },
  { name: 'resource', many: true },
  { name: 'area', many: true },
];
const RESOURCE: readonly Slot[] = [
  { name: 'resourceDesc', required: true },
  { name: 'mimeType', required: true },
  { name: 'size' },
  { name: 'uri' },
  { name: 'derefUri' },
  { name: 'digest' },
];
const AREA: readonly Slot[] = [
  { name: 'areaDesc', required: true },
  { name: 'polygon', many: true },
  { name: 'circle', many: true },
  { name: 'geocode', many: true },
  { name: 'altitude' },
  { name: 'ceiling' },
];
const VALUE_PAIR: readonly Slot[] = [
  { name: 'valueName', required: true },
  { name: 'value', required: true },
];

type Children = { get(name: string): XmlElement[] };

/** Walks a CAP tree, collecting problems and building the alert (meaningful only when there are none). */
class CapReader {
  readonly problems: CapProblem[] = [];

  private report(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** XSI attributes (schemaLocation) are allowed anywhere by XML Schema; CAP defines no attributes of its own. */
  private checkAttributes(el: XmlElement, path: string): void {
    for (const attr of el.attrs) {
      if (attr.ns !== XSI_NAMESPACE)
        this.report(path, `attribute "${attr.qname}" is not allowed on <${el.local}>`);
    }
  }

  /**
   * Groups a complex element's children by name, reporting foreign or unknown elements, elements out of XSD
   * order, required ones missing, single ones repeated, and stray text.
   */
  private children(el: XmlElement, path: string, seq: readonly Slot[], signatures = false): Children {
    this.checkAttributes(el, path);
    if (el.runs.some((run) => run.raw.trim() !== '')) {
      this.report(path, `<${el.local}> holds elements, not text`);
    }
    const groups = new Map<string, XmlElement[]>();
    let cursor = -1;
    let previous = '';
    let signed = false;
    for (const child of el.children) {
      const childPath = `${path}.${child.local}`;
      if (child.ns !== CAP_NAMESPACE) {
        // CAP-v1.2.xsd ends <alert> with any number of XML Signature elements (§3.3.2.1).
        if (signatures && child.ns === XMLDSIG_NAMESPACE && child.local === 'Signature') {
          signed = true;
        } else if (child.ns === undefined) {
          this.report(
            childPath,
            `<${child.qname}> has no namespace; CAP elements belong to ${CAP_NAMESPACE}`,
          );
        } else {
          this.report(
            childPath,
            `<${child.qname}> is in namespace ${child.ns}, which <${el.local}> does not accept`,
          );
        }
        continue;
      }
      const index = seq.findIndex((slot) => slot.name === child.local);
      if (index < 0) {
        this.report(childPath, `unknown element <${child.local}>: CAP 1.2 <${el.local}> has no such element`);
        continue;
      }
      if (signed) {
        this.report(childPath, `<${child.local}> comes after the XML Signature, which must be last`);
      } else if (index < cursor) {
        this.report(childPath, `<${child.local}> is out of order: CAP 1.2 puts it before <${previous}>`);
      } else {
        cursor = index;
        previous = child.local;
      }
      const group = groups.get(child.local);
      if (group) group.push(child);
      else groups.set(child.local, [child]);
    }
    for (const slot of seq) {
      const count = groups.get(slot.name)?.length ?? 0;
      if (slot.required && count === 0) {
        this.report(
          `${path}.${slot.name}`,
          slot.many
            ? `at least one <${slot.name}> is required`
            : `required element <${slot.name}> is missing`,
        );
      }
      if (!slot.many && count > 1) {
        this.report(`${path}.${slot.name}`, `<${slot.name}> appears ${count} times; CAP 1.2 allows it once`);
      }
    }
    return { get: (name) => groups.get(name) ?? [] };
  }

  /**
   * A simple element's text, whitespace-trimmed — or exactly as written for an enumeration (`trim` false): the
   * XSD derives CAP's enumerations from xs:string, whose whitespace is preserved, so `<status> Actual </status>`
   * is not "Actual" (issue 14).
   */
  private text(el: XmlElement, path: string, trim = true): string {
    this.checkAttributes(el, path);
    if (el.children.length > 0) {
      this.report(path, `<${el.local}> must hold text, not elements (found <${el.children[0]!.qname}>)`);
    }
    const text = elementText(el);
    if (!text.ok) {
      this.report(path, text.message);
      return '';
    }
    return trim ? text.text.trim() : text.text;
  }

  private optional(groups: Children, name: string, path: string): string | undefined {
    const el = groups.get(name)[0];
    return el === undefined ? undefined : this.text(el, `${path}.${name}`);
  }

  /** A required element's text; '' when missing (already reported). */
  private required(groups: Children, name: string, path: string): string {
    return this.optional(groups, name, path) ?? '';
  }

  private each<T>(
    groups: Children,
    name: string,
    path: string,
    read: (el: XmlElement, path: string) => T,
  ): T[] {
    return groups.get(name).map((el, i) => read(el, `${path}.${name}[${i}]`));
  }

  private oneOf<T extends string>(value: string, allowed: readonly T[], path: string): T {
    if (!(allowed as readonly string[]).includes(value)) {
      const trimmed = value.trim();
      this.report(
        path,
        (allowed as readonly string[]).includes(trimmed)
          ? `"${value}" has whitespace around "${trimmed}"; CAP 1.2 enumerations allow none`
          : `"${value}" is not one of ${allowed.join(', ')}`,
      );
    }
    return value as T;
  }

  /** The text of an enumerated element, as written, checked against its values. */
  private exactlyOneOf<T extends string>(el: XmlElement, path: string, allowed: readonly T[]): T {
    return this.oneOf(this.text(el, path, false), allowed, path);
  }

  private enumerated<T extends string>(
    groups: Children,
    name: string,
    path: string,
    allowed: readonly T[],
  ): T {
    const el = groups.get(name)[0];
    if (el === undefined) return allowed[0]!;
    return this.exactlyOneOf(el, `${path}.${name}`, allowed);
  }

  private checked(value: string | undefined, path: string, problem: (s: string) => string | undefined): void {
    if (value === undefined) return;
    const message = problem(value);
    if (message !== undefined) this.report(path, message);
  }

  private time(groups: Children, name: string, path: string): string | undefined {
    const value = this.optional(groups, name, path);
    this.checked(value, `${path}.${name}`, capTimeProblem);
    return value;
  }

  private decimal(groups: Children, name: string, path: string): number | undefined {
    const text = this.optional(groups, name, path);
    if (text === undefined) return undefined;
    const value = decimalValue(text);
    if (value === undefined) this.report(`${path}.${name}`, `"${text}" is not a decimal number`);
    return value;
  }

  alert(root: XmlElement): CapAlert {
    const path = 'alert';
    const g = this.children(root, path, ALERT, true);
    const identifier = this.required(g, 'identifier', path);
    const sender = this.required(g, 'sender', path);
    if (g.get('identifier').length > 0) this.checked(identifier, `${path}.identifier`, idProblem);
    if (g.get('sender').length > 0) this.checked(sender, `${path}.sender`, idProblem);
    const sent = this.time(g, 'sent', path) ?? '';
    const status = this.enumerated(g, 'status', path, CAP_STATUSES);
    const msgType = this.enumerated(g, 'msgType', path, CAP_MSG_TYPES);
    const source = this.optional(g, 'source', path);
    const scope = this.enumerated(g, 'scope', path, CAP_SCOPES);
    const restriction = this.optional(g, 'restriction', path);
    const addresses = this.optional(g, 'addresses', path);
    // §3.2.1: restriction is how a Restricted message says who may have it; addresses is where a Private one goes.
    if (scope === 'Restricted' && !restriction) {
      this.report(
        `${path}.restriction`,
        'scope Restricted requires a non-empty <restriction> saying who may receive it',
      );
    }
    if (scope === 'Private' && !addresses) {
      this.report(
        `${path}.addresses`,
        'scope Private requires a non-empty <addresses> listing the recipients',
      );
    }
    const code = this.each(g, 'code', path, (el, p) => this.text(el, p));
    const note = this.optional(g, 'note', path);
    const references = this.references(this.optional(g, 'references', path), `${path}.references`);
    const incidents = this.optional(g, 'incidents', path);
    const info = this.each(g, 'info', path, (el, p) => this.info(el, p));
    return {
      identifier,
      sender,
      sent,
      status,
      msgType,
      ...(source !== undefined && { source }),
      scope,
      ...(restriction !== undefined && { restriction }),
      ...(addresses !== undefined && { addresses }),
      code,
      ...(note !== undefined && { note }),
      references,
      ...(incidents !== undefined && { incidents }),
      info,
    };
  }

  private references(text: string | undefined, path: string): CapReference[] {
    if (text === undefined) return [];
    return readReferences(text).map(({ reference, problem }, i) => {
      if (problem !== undefined) this.report(`${path}[${i}]`, problem);
      return reference;
    });
  }

  private info(el: XmlElement, path: string): CapInfo {
    const g = this.children(el, path, INFO);
    const language = this.optional(g, 'language', path) ?? DEFAULT_LANGUAGE;
    if (g.get('language').length > 0) this.checked(language, `${path}.language`, languageProblem);
    const info: CapInfo = {
      language,
      category: this.each(g, 'category', path, (c, p) => this.exactlyOneOf(c, p, CAP_CATEGORIES)),
      event: this.required(g, 'event', path),
      responseType: this.each(g, 'responseType', path, (r, p) => this.exactlyOneOf(r, p, CAP_RESPONSE_TYPES)),
      urgency: this.enumerated(g, 'urgency', path, CAP_URGENCIES),
      severity: this.enumerated(g, 'severity', path, CAP_SEVERITIES),
      certainty: this.enumerated(g, 'certainty', path, CAP_CERTAINTIES),
      eventCode: this.each(g, 'eventCode', path, (e, p) => this.pair(e, p)),
      parameter: [],
      resource: [],
      area: [],
    };
    const audience = this.optional(g, 'audience', path);
    if (audience !== undefined) info.audience = audience;
    for (const name of ['effective', 'onset', 'expires'] as const) {
      const value = this.time(g, name, path);
      if (value !== undefined) info[name] = value;
    }
    for (const name of ['senderName', 'headline', 'description', 'instruction', 'web', 'contact'] as const) {
      const value = this.optional(g, name, path);
      if (value !== undefined) info[name] = value;
    }
    info.parameter = this.each(g, 'parameter', path, (e, p) => this.pair(e, p));
    info.resource = this.each(g, 'resource', path, (e, p) => this.resource(e, p));
    info.area = this.each(g, 'area', path, (e, p) => this.area(e, p));
    return info;
  }

  private pair(el: XmlElement, path: string): CapValuePair {
    const g = this.children(el, path, VALUE_PAIR);
    return { valueName: this.required(g, 'valueName', path), value: this.required(g, 'value', path) };
  }

  private resource(el: XmlElement, path: string): CapResource {
    const g = this.children(el, path, RESOURCE);
    const mimeType = this.required(g, 'mimeType', path);
    if (g.get('mimeType').length > 0) this.checked(mimeType, `${path}.mimeType`, mimeTypeProblem);
    const resource: CapResource = { resourceDesc: this.required(g, 'resourceDesc', path), mimeType };
    const size = this.optional(g, 'size', path);
    if (size !== undefined) {
      const read = sizeValue(size);
      if (read.ok) resource.size = read.value;
      else this.report(`${path}.size`, read.message);
    }
    for (const name of ['uri', 'derefUri', 'digest'] as const) {
      const value = this.optional(g, name, path);
      if (value !== undefined) resource[name] = value;
    }
    return resource;
  }

  private area(el: XmlElement, path: string): CapArea {
    const g = this.children(el, path, AREA);
    const area: CapArea = {
      areaDesc: this.required(g, 'areaDesc', path),
      polygon: this.each(g, 'polygon', path, (e, p) => {
        const text = this.text(e, p);
        this.checked(text, p, polygonProblem);
        return text;
      }),
      circle: this.each(g, 'circle', path, (e, p) => {
        const text = this.text(e, p);
        this.checked(text, p, circleProblem);
        return text;
      }),
      geocode: this.each(g, 'geocode', path, (e, p) => this.pair(e, p)),
    };
    const altitude = this.decimal(g, 'altitude', path);
    const ceiling = this.decimal(g, 'ceiling', path);
    if (altitude !== undefined) area.altitude = altitude;
    if (ceiling !== undefined) area.ceiling = ceiling;
    // §3.2.4: ceiling "MUST NOT be used except in combination with the altitude element".
    if (g.get('ceiling').length > 0 && g.get('altitude').length === 0) {
      this.report(`${path}.ceiling`, '<ceiling> may only be used together with <altitude>');
    }
    return area;
  }
}

/** Why the root cannot be a CAP 1.2 alert, or undefined when it can. */
function rootProblem(root: XmlElement): string | undefined {
  if (root.local !== 'alert') {
    return `the root element is <${root.qname}>; a CAP 1.2 document is an <alert> in namespace ${CAP_NAMESPACE}`;
  }
  if (root.ns === CAP_NAMESPACE) return undefined;
  if (root.ns === CAP_1_1_NAMESPACE)
    return `CAP 1.1 is not accepted, send CAP 1.2 (namespace ${CAP_NAMESPACE})`;
  if (root.ns === CAP_1_0_NAMESPACE)
    return `CAP 1.0 is not accepted, send CAP 1.2 (namespace ${CAP_NAMESPACE})`;
  if (root.ns === undefined)
    return `<alert> has no namespace; a CAP 1.2 alert declares xmlns="${CAP_NAMESPACE}"`;
  return `<alert> is in namespace ${root.ns}; a CAP 1.2 alert is in ${CAP_NAMESPACE}`;
}

function failed(problems: CapProblem[]): CapParseResult {
  if (problems.length <= MAX_PROBLEMS) return { ok: false, problems };
  const shown = problems.slice(0, MAX_PROBLEMS);
  shown.push({ path: '(document)', message: `and ${problems.length - MAX_PROBLEMS} more problems` });
  return { ok: false, problems: shown };
}

/**
 * Reads a CAP 1.2 document and checks it against the element rules of CAP-v1.2-os and its XSD. Never throws:
 * every reason to refuse the document comes back as a problem with the path of the element at fault.
 */
export function parseCap(xml: string): CapParseResult {
  try {
    const read = readXml(xml);
    if (!read.ok) return failed(read.problems);
    const problem = rootProblem(read.root);
    if (problem !== undefined) return failed([{ path: 'alert', message: problem }]);
    const reader = new CapReader();
    const alert = reader.alert(read.root);
    return reader.problems.length === 0 ? { ok: true, alert } : failed(reader.problems);
  } catch (err) {
    // A bug here must not take the caller down with it; the document is refused instead.
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, problems: [{ path: '(document)', message: `could not be checked: ${message}` }] };
  }
}
