import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_RESPONSE_TYPES,
  CAP_SCOPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  type CapAlert,
  type CapArea,
  type CapInfo,
  type CapResource,
  type CapValuePair,
} from '../../src/cap/cap-alert.js';
import { formatCapTime } from '../../src/cap/cap-time.js';

/**
 * Valid CapAlerts from a seed, with the text XML makes hard: markup characters, "]]>", CJK, astral characters,
 * inner line breaks. Values are trimmed, as parseCap returns them; absent optionals are absent keys.
 */
export function alertGenerator(seed: number) {
  let state = seed >>> 0;
  // mulberry32: small, fast, and the same sequence on every machine.
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const chance = (p = 0.5) => random() < p;
  const times = <T>(lo: number, hi: number, make: () => T): T[] => Array.from({ length: int(lo, hi) }, make);

  const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@._:-/';
  const id = () => times(1, 24, () => pick([...ID_CHARS])).join('');
  const PIECES = [
    'a',
    'Z',
    '9',
    ' ',
    '<',
    '>',
    '&',
    '"',
    "'",
    ']]>',
    '&amp;',
    '洪水',
    '预警',
    '😀',
    'é',
    '\n',
    '\t',
    ';',
    '/',
    '=',
  ];
  const text = () =>
    times(0, 12, () => pick(PIECES))
      .join('')
      .trim();
  const nonEmpty = () => text() || 'x';
  const time = () =>
    formatCapTime(
      int(-1e11, 4e12),
      pick(['+08:00', '-05:00', '-00:00', '+00:00', '+05:45', '+14:00', '-12:00']),
    );
  const optional = <K extends string, V>(key: K, make: () => V): Partial<Record<K, V>> =>
    chance() ? ({ [key]: make() } as Record<K, V>) : {};
  const pair = (): CapValuePair => ({ valueName: text(), value: text() });
  const lat = () => (int(-9000, 9000) / 100).toFixed(2);
  const lon = () => (int(-18000, 18000) / 100).toFixed(2);
  // -0 would come back as 0, which is the same altitude but not the same JavaScript value.
  const decimal = () => pick([int(-50_000, 50_000) / 100 + 0, 1e-7, 1e21, 0.1 + 0.2]);

  const polygon = () => {
    const first = `${lat()},${lon()}`;
    return [first, ...times(2, 6, () => `${lat()},${lon()}`), first].join(' ');
  };

  const area = (): CapArea => {
    const altitude = chance() ? decimal() : undefined;
    return {
      areaDesc: text(),
      polygon: times(0, 2, polygon),
      circle: times(0, 2, () => `${lat()},${lon()} ${int(0, 5000) / 10}`),
      geocode: times(0, 3, pair),
      ...(altitude !== undefined && { altitude }),
      ...(altitude !== undefined && chance() && { ceiling: decimal() }),
    };
  };

  const resource = (): CapResource => ({
    resourceDesc: text(),
    mimeType: pick(['image/png', 'text/plain; charset=utf-8', 'application/vnd.ms-excel']),
    ...optional('size', () => int(0, 2 ** 40)),
    ...optional('uri', () => `http://example.org/${id()}`),
    ...optional('derefUri', () => 'aGVsbG8gd29ybGQ='),
    ...optional('digest', text),
  });

  const info = (): CapInfo => ({
    language: pick(['en-US', 'zh-CN', 'es-US', 'zh', 'x-klingon']),
    category: times(1, 3, () => pick(CAP_CATEGORIES)),
    event: text(),
    responseType: times(0, 2, () => pick(CAP_RESPONSE_TYPES)),
    urgency: pick(CAP_URGENCIES),
    severity: pick(CAP_SEVERITIES),
    certainty: pick(CAP_CERTAINTIES),
    ...optional('audience', text),
    eventCode: times(0, 2, pair),
    ...optional('effective', time),
    ...optional('onset', time),
    ...optional('expires', time),
    ...optional('senderName', text),
    ...optional('headline', text),
    ...optional('description', text),
    ...optional('instruction', text),
    ...optional('web', () => `https://example.org/${id()}?a=1&b=2`),
    ...optional('contact', text),
    parameter: times(0, 3, pair),
    resource: times(0, 2, resource),
    area: times(0, 2, area),
  });

  return (): CapAlert => {
    const scope = pick(CAP_SCOPES);
    return {
      identifier: id(),
      sender: id(),
      sent: time(),
      status: pick(CAP_STATUSES),
      msgType: pick(CAP_MSG_TYPES),
      ...optional('source', text),
      scope,
      ...(scope === 'Restricted' ? { restriction: nonEmpty() } : optional('restriction', text)),
      ...(scope === 'Private' ? { addresses: nonEmpty() } : optional('addresses', text)),
      code: times(0, 3, text),
      ...optional('note', text),
      references: times(0, 3, () => ({ sender: id(), identifier: id(), sent: time() })),
      ...optional('incidents', text),
      info: times(0, 3, info),
    };
  };
}
