import {
  CAP_NAMESPACE,
  type CapAlert,
  type CapArea,
  type CapInfo,
  type CapResource,
  type CapValuePair,
} from './cap-alert.js';

/**
 * Serialises a CapAlert as a CAP 1.2 document: elements in XSD order, absent optionals and empty lists left
 * out, text escaped. It does not validate: `parseCap` on the result does, and gives the alert back unchanged
 * when it was valid (text values trimmed, as parseCap trims them).
 */

// `>` is escaped too so that "]]>" can never appear; CR as a reference so that line-end handling keeps it.
function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** xs:decimal has no exponent form, which String() uses for very large and very small numbers. */
function formatDecimal(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  // Move the point in String()'s shortest round-tripping digits: the value is unchanged, only the notation.
  const [, sign, lead, rest = '', exponent] = m as unknown as [
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  const digits = lead + rest;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

class Writer {
  private readonly lines: string[] = [];

  text(depth: number, name: string, value: string | number | undefined): void {
    if (value === undefined) return;
    const body = typeof value === 'number' ? formatDecimal(value) : escapeText(value);
    this.lines.push(`${'  '.repeat(depth)}<${name}>${body}</${name}>`);
  }

  open(depth: number, name: string, attrs = ''): void {
    this.lines.push(`${'  '.repeat(depth)}<${name}${attrs}>`);
  }

  close(depth: number, name: string): void {
    this.lines.push(`${'  '.repeat(depth)}</${name}>`);
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

function writePair(w: Writer, depth: number, name: string, pair: CapValuePair): void {
  w.open(depth, name);
  w.text(depth + 1, 'valueName', pair.valueName);
  w.text(depth + 1, 'value', pair.value);
  w.close(depth, name);
}

function writeResource(w: Writer, depth: number, r: CapResource): void {
  w.open(depth, 'resource');
  w.text(depth + 1, 'resourceDesc', r.resourceDesc);
  w.text(depth + 1, 'mimeType', r.mimeType);
  w.text(depth + 1, 'size', r.size === undefined ? undefined : String(r.size));
  w.text(depth + 1, 'uri', r.uri);
  w.text(depth + 1, 'derefUri', r.derefUri);
  w.text(depth + 1, 'digest', r.digest);
  w.close(depth, 'resource');
}

function writeArea(w: Writer, depth: number, a: CapArea): void {
  w.open(depth, 'area');
  w.text(depth + 1, 'areaDesc', a.areaDesc);
  for (const polygon of a.polygon) w.text(depth + 1, 'polygon', polygon);
  for (const circle of a.circle) w.text(depth + 1, 'circle', circle);
  for (const geocode of a.geocode) writePair(w, depth + 1, 'geocode', geocode);
  w.text(depth + 1, 'altitude', a.altitude);
  w.text(depth + 1, 'ceiling', a.ceiling);
  w.close(depth, 'area');
}

function writeInfo(w: Writer, depth: number, info: CapInfo): void {
  const d = depth + 1;
  w.open(depth, 'info');
  w.text(d, 'language', info.language);
  for (const category of info.category) w.text(d, 'category', category);
  w.text(d, 'event', info.event);
  for (const responseType of info.responseType) w.text(d, 'responseType', responseType);
  w.text(d, 'urgency', info.urgency);
  w.text(d, 'severity', info.severity);
  w.text(d, 'certainty', info.certainty);
  w.text(d, 'audience', info.audience);
  for (const eventCode of info.eventCode) writePair(w, d, 'eventCode', eventCode);
  w.text(d, 'effective', info.effective);
  w.text(d, 'onset', info.onset);
  w.text(d, 'expires', info.expires);
  w.text(d, 'senderName', info.senderName);
  w.text(d, 'headline', info.headline);
  w.text(d, 'description', info.description);
  w.text(d, 'instruction', info.instruction);
  w.text(d, 'web', info.web);
  w.text(d, 'contact', info.contact);
  for (const parameter of info.parameter) writePair(w, d, 'parameter', parameter);
  for (const resource of info.resource) writeResource(w, d, resource);
  for (const area of info.area) writeArea(w, d, area);
  w.close(depth, 'info');
}

/** The alert as a CAP 1.2 XML document (UTF-8 declared, two-space indented, ending in a newline). */
export function writeCap(alert: CapAlert): string {
  const w = new Writer();
  w.open(0, 'alert', ` xmlns="${CAP_NAMESPACE}"`);
  w.text(1, 'identifier', alert.identifier);
  w.text(1, 'sender', alert.sender);
  w.text(1, 'sent', alert.sent);
  w.text(1, 'status', alert.status);
  w.text(1, 'msgType', alert.msgType);
  w.text(1, 'source', alert.source);
  w.text(1, 'scope', alert.scope);
  w.text(1, 'restriction', alert.restriction);
  w.text(1, 'addresses', alert.addresses);
  for (const code of alert.code) w.text(1, 'code', code);
  w.text(1, 'note', alert.note);
  if (alert.references.length > 0) {
    w.text(1, 'references', alert.references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' '));
  }
  w.text(1, 'incidents', alert.incidents);
  for (const info of alert.info) writeInfo(w, 1, info);
  w.close(0, 'alert');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${w.toString()}`;
}
