// Over 250 lines on purpose: the CAP message for an incident and for its ack are two views of one mapping
// (levels, categories, parameters, times); kept together so they cannot disagree.
import { levelTitle } from '../domain/incident-level.js';
import type { IncidentFeed } from '../protocol/index.js';
import { incidentFeedSchema } from '../protocol/index.js';
import type { CapAlert, CapInfo, CapProblem, CapReference, CapSeverity, CapValuePair } from './cap-alert.js';
import { idProblem } from './cap-rules.js';
import { capTimeToMs, formatCapTime } from './cap-time.js';
import { makeGbIdentifier } from './gbt-identifier.js';
import { kindEntry } from './incident-kinds.js';

/** The `geocode` valueName of a township code from the county config. */
export const TOWNSHIP_GEOCODE = 'dutywatch:township';

/**
 * A dutywatch incident as a CAP 1.2 alert, and back. The human-facing parts (headline, description, area) are
 * in Chinese; the `dutywatch:` parameters carry every field exactly, so an exported alert rebuilds the incident.
 */

/** Who issues the county's CAP messages. */
export type CapIssuer = {
  /** GB/T 2260 region code of the county, e.g. 411528. */
  regionCode: string;
  /** GB/T 4657 agency code of the bureau. */
  agencyCode: string;
  /** CAP `sender`: no spaces, commas, < or &. */
  sender: string;
  senderName: string;
  /** The county's fixed offset, e.g. +08:00: CAP times are written in it. */
  utcOffset: string;
};

export type IncidentCapOptions = {
  /** The incident's level: 1 特别重大 … 4 一般. */
  level: 1 | 2 | 3 | 4;
  townshipName: string;
  /** GB/T 35965.1 serial (0-9) among messages entered in the same second. */
  serial: number;
  sentAt: number;
  status?: 'Actual' | 'Exercise';
  msgType?: 'Alert' | 'Update';
  references?: CapReference[];
  /** Teams and stock sent to the incident, one line each, appended to the description (no CAP field fits). */
  resources?: readonly string[];
};

/** What a CAP export carries of an incident: everything but the collector's own bookkeeping. */
export type CapIncident = Omit<IncidentFeed, 'receivedAt' | 'updatedAt' | 'updates'>;

export type CapIncidentResult = { ok: true; incident: CapIncident } | { ok: false; problems: CapProblem[] };

const PREFIX = 'dutywatch:';
const SEVERITY: Readonly<Record<1 | 2 | 3 | 4, CapSeverity>> = {
  1: 'Extreme',
  2: 'Severe',
  3: 'Moderate',
  4: 'Minor',
};
const CASUALTIES = [
  'deaths',
  'missing',
  'seriousInjuries',
  'injuries',
  'trapped',
  'evacuated',
  'atRisk',
] as const;
const CASUALTY_ZH: Readonly<Record<(typeof CASUALTIES)[number], string>> = {
  deaths: '死亡',
  missing: '失踪',
  seriousInjuries: '重伤',
  injuries: '受伤',
  trapped: '被困',
  evacuated: '转移',
  atRisk: '涉险',
};
const INTEGER_FIELDS = [...CASUALTIES, 'directLossYuan', 'level'] as const;
const KNOWN = new Set<string>([
  'code',
  'category',
  'kind',
  'level',
  'township',
  'village',
  'location',
  'occurredAt',
  ...CASUALTIES,
  'directLossYuan',
  'status',
]);

const capIncidentSchema = incidentFeedSchema.omit({ receivedAt: true, updatedAt: true, updates: true });

/**
 * An instant exactly: the CAP dateTime form when it falls on a whole second (the usual case, and what any CAP
 * reader understands), with `.sss` milliseconds only when it does not.
 */
function formatInstant(ms: number, utcOffset: string): string {
  const base = formatCapTime(ms, utcOffset);
  const millis = ((ms % 1000) + 1000) % 1000;
  if (millis === 0) return base;
  return `${base.slice(0, 19)}.${String(millis).padStart(3, '0')}${base.slice(19)}`;
}

function parseInstant(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{3}))?([+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return Number.NaN;
  return capTimeToMs(`${m[1]}${m[3]}`) + Number(m[2] ?? 0);
}

/** Local wall time for the description, e.g. 2026年7月19日 23:40. */
function chineseTime(ms: number, utcOffset: string): string {
  const s = formatCapTime(ms, utcOffset);
  return `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${s.slice(11, 16)}`;
}

function describe(incident: IncidentFeed, issuer: CapIssuer, opts: IncidentCapOptions): string {
  const c = incident.casualties;
  const counts = CASUALTIES.filter((field) => c[field] !== undefined).map(
    (field) => `${CASUALTY_ZH[field]}${c[field]}人`,
  );
  const place = incident.location ? `${opts.townshipName}，${incident.location}` : opts.townshipName;
  return [
    incident.title,
    `事件等级：${levelTitle(opts.level, 'zh')}`,
    `发生时间：${chineseTime(incident.occurredAt, issuer.utcOffset)}（UTC${issuer.utcOffset}）`,
    `发生地点：${place}`,
    `人员伤亡：${counts.join('，')}`,
    `直接经济损失：${incident.directLossYuan}元`,
    `事件状态：${incident.status === 'open' ? '处置中' : '已结束'}`,
    ...(opts.resources ?? []),
  ].join('\n');
}

function parameters(incident: IncidentFeed, issuer: CapIssuer, level: number): CapValuePair[] {
  const fields: [string, string | number | null | undefined][] = [
    ['code', incident.code],
    ['category', incident.category],
    ['kind', incident.kind],
    ['level', level],
    ['township', incident.township],
    ['village', incident.village],
    ['location', incident.location],
    ['occurredAt', formatInstant(incident.occurredAt, issuer.utcOffset)],
    ...CASUALTIES.map((field): [string, number | undefined] => [field, incident.casualties[field]]),
    ['directLossYuan', incident.directLossYuan],
    ['status', incident.status],
  ];
  // A null village or location, or an absent atRisk, is left out; capToIncident reads absence back as such.
  return fields
    .filter((f): f is [string, string | number] => f[1] !== null && f[1] !== undefined)
    .map(([name, value]) => ({ valueName: `${PREFIX}${name}`, value: String(value) }));
}

function checkedSender(sender: string): string {
  const problem = idProblem(sender);
  if (problem !== undefined) throw new Error(`CAP sender ${problem}`);
  return sender;
}

/**
 * The incident as a CAP alert. An Alert's identifier is built from when the incident was received, so exporting
 * the same incident twice gives the same identifier; an Update's from when it is sent.
 */
export function incidentToCap(incident: IncidentFeed, issuer: CapIssuer, opts: IncidentCapOptions): CapAlert {
  const msgType = opts.msgType ?? 'Alert';
  const identifier = makeGbIdentifier(
    issuer,
    msgType === 'Alert' ? incident.receivedAt : opts.sentAt,
    opts.serial,
  );
  const kind = kindEntry(incident.kind, incident.category);
  const info: CapInfo = {
    language: 'zh-CN',
    category: [kind.category],
    event: kind.zh,
    responseType: [],
    urgency: incident.status === 'open' ? 'Immediate' : 'Past',
    severity: SEVERITY[opts.level],
    certainty: 'Observed',
    eventCode: [],
    onset: formatCapTime(incident.occurredAt, issuer.utcOffset),
    senderName: issuer.senderName,
    headline: incident.title,
    description: describe(incident, issuer, opts),
    parameter: parameters(incident, issuer, opts.level),
    resource: [],
    area: [
      {
        areaDesc: opts.townshipName,
        polygon: [],
        circle: [],
        // The township's code is the county's own (config `townships[].code`), not a GB/T 2260 code (issue 14):
        // GB/T 2260 stops at the county, so it is labelled as what it is.
        geocode: [{ valueName: TOWNSHIP_GEOCODE, value: incident.township }],
      },
    ],
  };
  return {
    identifier,
    sender: checkedSender(issuer.sender),
    sent: formatCapTime(opts.sentAt, issuer.utcOffset),
    status: opts.status ?? 'Actual',
    msgType,
    scope: 'Public',
    code: [],
    references: opts.references ?? [],
    incidents: incident.code,
    info: [info],
  };
}

/**
 * Rebuilds an incident from an alert that dutywatch exported; says what is missing or wrong otherwise. Like any
 * CAP reader, parseCap trims text, so a title or location with leading or trailing spaces comes back trimmed.
 */
export function capToIncident(alert: CapAlert): CapIncidentResult {
  const problems: CapProblem[] = [];
  const infoIndex = alert.info.findIndex((i) => i.parameter.some((p) => p.valueName === `${PREFIX}code`));
  if (infoIndex < 0) {
    const message =
      alert.info.length === 0
        ? 'the alert has no <info>, so it carries no incident'
        : `no <info> has a ${PREFIX}code parameter; this alert was not exported by dutywatch`;
    return { ok: false, problems: [{ path: 'alert.info', message }] };
  }
  const info = alert.info[infoIndex]!;
  const path = `alert.info[${infoIndex}]`;
  const params = new Map<string, { value: string; path: string }>();
  info.parameter.forEach((p, j) => {
    if (!p.valueName.startsWith(PREFIX)) return;
    const name = p.valueName.slice(PREFIX.length);
    const at = `${path}.parameter[${j}]`;
    if (!KNOWN.has(name)) problems.push({ path: at, message: `unknown parameter ${p.valueName}` });
    else if (params.has(name)) problems.push({ path: at, message: `${p.valueName} is given twice` });
    else params.set(name, { value: p.value, path: at });
  });
  const text = (name: string): string => {
    const p = params.get(name);
    if (p === undefined)
      problems.push({ path: `${path}.parameter`, message: `missing parameter ${PREFIX}${name}` });
    return p?.value ?? '';
  };
  const integer = (name: string): number | undefined => {
    const p = params.get(name);
    if (p === undefined) return undefined;
    if (/^\d+$/.test(p.value) && Number.isSafeInteger(Number(p.value))) return Number(p.value);
    problems.push({ path: p.path, message: `${PREFIX}${name}: "${p.value}" is not a whole number` });
    return undefined;
  };
  for (const name of INTEGER_FIELDS) {
    if (name !== 'atRisk' && name !== 'level' && !params.has(name)) text(name);
  }
  const occurredText = text('occurredAt');
  const occurredAt = parseInstant(occurredText);
  const occurredPath = params.get('occurredAt')?.path;
  if (occurredPath !== undefined && Number.isNaN(occurredAt)) {
    problems.push({
      path: occurredPath,
      message: `${PREFIX}occurredAt: "${occurredText}" is not a date and time`,
    });
  }
  if (info.headline === undefined) {
    problems.push({
      path: `${path}.headline`,
      message: 'missing <headline>, which carries the incident title',
    });
  }
  integer('level');
  const atRisk = integer('atRisk');
  const candidate = {
    code: text('code'),
    category: text('category'),
    kind: text('kind'),
    title: info.headline ?? '',
    township: text('township'),
    village: params.get('village')?.value ?? null,
    location: params.get('location')?.value ?? null,
    occurredAt,
    casualties: {
      deaths: integer('deaths'),
      missing: integer('missing'),
      seriousInjuries: integer('seriousInjuries'),
      injuries: integer('injuries'),
      trapped: integer('trapped'),
      evacuated: integer('evacuated'),
      ...(atRisk !== undefined && { atRisk }),
    },
    directLossYuan: integer('directLossYuan'),
    status: text('status'),
  };
  if (problems.length > 0) return { ok: false, problems };
  const parsed = capIncidentSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, incident: parsed.data };
  for (const issue of parsed.error.issues) {
    // The schema's path names the incident field; point at the parameter (or headline) that carried it.
    const field = String(issue.path[0] === 'casualties' ? issue.path[1] : issue.path[0]);
    const at = field === 'title' ? `${path}.headline` : (params.get(field)?.path ?? `${path}.parameter`);
    problems.push({
      path: at,
      message: `${field === 'title' ? 'headline' : PREFIX + field}: ${issue.message}`,
    });
  }
  return { ok: false, problems };
}

/**
 * The Ack of `original`: same status (an exercise is acknowledged as an exercise), referring to the original,
 * sent Private to the original's sender (an acknowledgement is for the one who asked), and with no info block.
 */
export function ackToCap(
  original: CapAlert,
  ack: { by: string; at: number; note?: string },
  issuer: CapIssuer,
  serial: number,
): CapAlert {
  const when = chineseTime(ack.at, issuer.utcOffset);
  const note = `${ack.by}于${when}确认收到${original.identifier}${ack.note ? `：${ack.note}` : ''}`;
  return {
    identifier: makeGbIdentifier(issuer, ack.at, serial),
    sender: checkedSender(issuer.sender),
    sent: formatCapTime(ack.at, issuer.utcOffset),
    status: original.status,
    msgType: 'Ack',
    scope: 'Private',
    addresses: original.sender,
    code: [],
    note,
    references: [{ sender: original.sender, identifier: original.identifier, sent: original.sent }],
    ...(original.incidents !== undefined && { incidents: original.incidents }),
    info: [],
  };
}
