// One file on purpose (over 250 lines): incidents to CAP and back, the round trip and each direction's refusals,
// which read best beside each other.
import { describe, expect, it } from 'vitest';
import type { CapAlert } from '../../src/cap/cap-alert.js';
import { parseGbIdentifier } from '../../src/cap/gbt-identifier.js';
import {
  ackToCap,
  type CapIssuer,
  capToIncident,
  type IncidentCapOptions,
  incidentToCap,
} from '../../src/cap/incident-cap.js';
import { capTimeToMs, parseCap } from '../../src/cap/parse-cap.js';
import { writeCap } from '../../src/cap/write-cap.js';
import type { IncidentFeed } from '../../src/protocol/index.js';
import { alertOf, readFixture } from './cap-docs.js';

const ISSUER: CapIssuer = {
  regionCode: '411731',
  agencyCode: '000',
  sender: 'yjglj@ruchuan.gov.cn',
  senderName: '汝川县应急管理局',
  utcOffset: '+08:00',
};

const OCCURRED = Date.UTC(2026, 6, 19, 15, 40, 0); // 23:40 in Beijing
const INCIDENT: IncidentFeed = {
  code: 'INC-2026-0719-01',
  category: 'natural',
  kind: 'flood',
  title: '沙口镇汝河堤段漫溢，群众被困',
  township: 'T09',
  village: 'V0903',
  location: '汝河左岸 K12+300',
  occurredAt: OCCURRED,
  receivedAt: OCCURRED + 7 * 60_000,
  updatedAt: OCCURRED + 90 * 60_000,
  casualties: {
    deaths: 2,
    missing: 1,
    seriousInjuries: 3,
    injuries: 5,
    trapped: 40,
    evacuated: 1200,
    atRisk: 300,
  },
  directLossYuan: 12_500_000,
  status: 'open',
  updates: 3,
};
const OPTS: IncidentCapOptions = {
  level: 2,
  townshipName: '沙口镇',
  serial: 0,
  sentAt: OCCURRED + 95 * 60_000,
};

/** incidentToCap → writeCap → parseCap → capToIncident. */
function throughXml(incident: IncidentFeed, opts: IncidentCapOptions = OPTS) {
  const alert = alertOf(parseCap(writeCap(incidentToCap(incident, ISSUER, opts))));
  return { alert, back: capToIncident(alert) };
}

const { receivedAt: _r, updatedAt: _u, updates: _n, ...CARRIED } = INCIDENT;

describe('incidentToCap → writeCap → parseCap → capToIncident', () => {
  it('gives back the same incident', () => {
    expect(throughXml(INCIDENT).back).toEqual({ ok: true, incident: CARRIED });
  });

  it.each([
    [
      'no village or location, no atRisk',
      { village: null, location: null, casualties: { ...INCIDENT.casualties, atRisk: undefined } },
    ],
    [
      'a closed incident with no casualties',
      {
        status: 'closed' as const,
        casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0, trapped: 0, evacuated: 0 },
      },
    ],
    ['an occurrence time with milliseconds', { occurredAt: OCCURRED + 123 }],
    ['an occurrence time before 1970', { occurredAt: -86_400_001 }],
    [
      'markup and an unknown kind in the text',
      {
        kind: 'gas_leak',
        category: 'accident' as const,
        title: '化工厂 <B区> 泄漏 & 火情',
        location: 'a "b" ]]> c',
      },
    ],
    ['an empty location', { location: '' }],
  ])('gives back the same incident with %s', (_name, change) => {
    const incident = { ...INCIDENT, ...change } as IncidentFeed;
    if (incident.casualties.atRisk === undefined) delete incident.casualties.atRisk;
    const { receivedAt: _a, updatedAt: _b, updates: _c, ...carried } = incident;
    expect(throughXml(incident).back).toEqual({ ok: true, incident: carried });
  });
});

describe('incidentToCap', () => {
  const alert = incidentToCap(INCIDENT, ISSUER, OPTS);
  const info = alert.info[0]!;

  it('is a valid CAP 1.2 Alert from the issuer, sent at sentAt in the county offset', () => {
    expect(parseCap(writeCap(alert)).ok).toBe(true);
    expect(alert).toMatchObject({
      sender: 'yjglj@ruchuan.gov.cn',
      sent: '2026-07-20T01:15:00+08:00',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      incidents: 'INC-2026-0719-01',
      references: [],
    });
    expect(capTimeToMs(alert.sent)).toBe(OPTS.sentAt);
  });

  it('takes its GB/T 35965.1 identifier from when the incident was received, so re-exports keep it', () => {
    expect(parseGbIdentifier(alert.identifier)).toMatchObject({
      regionCode: '411731',
      agencyCode: '000',
      issuedAt: INCIDENT.receivedAt,
      serial: 0,
    });
    expect(incidentToCap(INCIDENT, ISSUER, { ...OPTS, sentAt: OPTS.sentAt + 3_600_000 }).identifier).toBe(
      alert.identifier,
    );
  });

  it('gives an Update its own identifier from sentAt, and carries its references', () => {
    const references = [{ sender: alert.sender, identifier: alert.identifier, sent: alert.sent }];
    const update = incidentToCap(INCIDENT, ISSUER, { ...OPTS, msgType: 'Update', serial: 1, references });
    expect(update.msgType).toBe('Update');
    expect(update.references).toEqual(references);
    expect(parseGbIdentifier(update.identifier)).toMatchObject({ issuedAt: OPTS.sentAt, serial: 1 });
    expect(parseCap(writeCap(update)).ok).toBe(true);
  });

  it('marks a drill as Exercise', () => {
    expect(incidentToCap(INCIDENT, ISSUER, { ...OPTS, status: 'Exercise' }).status).toBe('Exercise');
  });

  it('describes the incident in Chinese for people', () => {
    expect(info).toMatchObject({
      language: 'zh-CN',
      event: '洪涝灾害',
      headline: INCIDENT.title,
      senderName: '汝川县应急管理局',
      certainty: 'Observed',
      onset: '2026-07-19T23:40:00+08:00',
    });
    const description = info.description ?? '';
    for (const part of ['死亡2人', '失踪1人', '重伤3人', '受伤5人', '被困40人', '转移1200人', '涉险300人']) {
      expect(description).toContain(part);
    }
    expect(description).toContain('直接经济损失：12500000元');
    expect(description).toContain('重大（Ⅱ级）');
    expect(description).toContain('2026年7月19日 23:40');
    expect(description).toContain('处置中');
  });

  it('puts the township in the area, by name and by the county config code, not labelled GB/T 2260', () => {
    expect(info.area).toEqual([
      {
        areaDesc: '沙口镇',
        polygon: [],
        circle: [],
        geocode: [{ valueName: 'dutywatch:township', value: 'T09' }],
      },
    ]);
  });

  it('names every parameter with the dutywatch: prefix', () => {
    expect(info.parameter.length).toBeGreaterThanOrEqual(15);
    for (const p of info.parameter) expect(p.valueName).toMatch(/^dutywatch:[A-Za-z]+$/);
  });

  it.each([
    [1, 'Extreme'],
    [2, 'Severe'],
    [3, 'Moderate'],
    [4, 'Minor'],
  ] as const)('maps level %i to severity %s', (level, severity) => {
    expect(incidentToCap(INCIDENT, ISSUER, { ...OPTS, level }).info[0]?.severity).toBe(severity);
  });

  it('is Immediate while open and Past once closed', () => {
    expect(info.urgency).toBe('Immediate');
    expect(incidentToCap({ ...INCIDENT, status: 'closed' }, ISSUER, OPTS).info[0]?.urgency).toBe('Past');
  });

  it.each([
    ['flood', 'natural', 'Met'],
    ['rainstorm', 'natural', 'Met'],
    ['landslide', 'natural', 'Geo'],
    ['debris_flow', 'natural', 'Geo'],
    ['earthquake', 'natural', 'Geo'],
    ['fire', 'accident', 'Fire'],
    ['forest_fire', 'natural', 'Fire'],
    ['traffic', 'accident', 'Transport'],
    ['production_safety', 'accident', 'Safety'],
    ['public_health', 'public_health', 'Health'],
    ['food_poisoning', 'public_health', 'Health'],
    ['crowd_gathering', 'social', 'Other'],
    ['constructor', 'social', 'Other'],
  ] as const)('files kind %s (%s) under %s', (kind, category, capCategory) => {
    expect(incidentToCap({ ...INCIDENT, kind, category }, ISSUER, OPTS).info[0]?.category).toEqual([
      capCategory,
    ]);
  });

  it('refuses an issuer whose sender CAP cannot carry, and a bad region code', () => {
    expect(() => incidentToCap(INCIDENT, { ...ISSUER, sender: 'duty office' }, OPTS)).toThrow(/sender/);
    expect(() => incidentToCap(INCIDENT, { ...ISSUER, regionCode: '4117' }, OPTS)).toThrow(/regionCode/);
  });
});

describe('capToIncident refuses what it cannot rebuild', () => {
  const exported = incidentToCap(INCIDENT, ISSUER, OPTS);
  const withParams = (edit: (params: { valueName: string; value: string }[]) => void): CapAlert => {
    const copy = structuredClone(exported);
    edit(copy.info[0]!.parameter);
    return copy;
  };
  const problems = (alert: CapAlert) => {
    const result = capToIncident(alert);
    if (result.ok) throw new Error('expected capToIncident to refuse');
    return result.problems;
  };
  const indexOf = (name: string) =>
    exported.info[0]!.parameter.findIndex((p) => p.valueName === `dutywatch:${name}`);

  it('an alert without info, or one that is not ours', () => {
    expect(problems({ ...exported, info: [] })).toEqual([
      { path: 'alert.info', message: expect.stringContaining('no <info>') },
    ]);
    const spec = alertOf(parseCap(readFixture('spec/a1-homeland-security-update.xml')));
    expect(problems(spec)[0]?.message).toContain('not exported by dutywatch');
  });

  it('a missing parameter', () => {
    const alert = withParams((ps) => ps.splice(indexOf('deaths'), 1));
    expect(problems(alert)).toEqual([
      { path: 'alert.info[0].parameter', message: 'missing parameter dutywatch:deaths' },
    ]);
  });

  it('a count that is not a whole number', () => {
    const alert = withParams((ps) => {
      ps[indexOf('trapped')]!.value = '4.5';
    });
    expect(problems(alert)).toEqual([
      {
        path: `alert.info[0].parameter[${indexOf('trapped')}]`,
        message: 'dutywatch:trapped: "4.5" is not a whole number',
      },
    ]);
  });

  it('an unknown or repeated dutywatch parameter', () => {
    const alert = withParams((ps) => {
      ps.push({ valueName: 'dutywatch:colour', value: 'red' }, { valueName: 'dutywatch:code', value: 'X' });
    });
    expect(problems(alert).map((p) => p.message)).toEqual([
      'unknown parameter dutywatch:colour',
      'dutywatch:code is given twice',
    ]);
  });

  it('a value the incident schema refuses, pointing at its parameter', () => {
    const alert = withParams((ps) => {
      ps[indexOf('category')]!.value = 'weather';
    });
    expect(problems(alert)).toEqual([
      {
        path: `alert.info[0].parameter[${indexOf('category')}]`,
        message: expect.stringMatching(/^dutywatch:category: /),
      },
    ]);
  });

  it('a bad occurrence time, and a missing headline', () => {
    const alert = withParams((ps) => {
      ps[indexOf('occurredAt')]!.value = 'yesterday';
    });
    delete alert.info[0]!.headline;
    expect(problems(alert).map((p) => p.path)).toEqual([
      `alert.info[0].parameter[${indexOf('occurredAt')}]`,
      'alert.info[0].headline',
    ]);
  });

  it('ignores parameters of other owners', () => {
    const alert = withParams((ps) => {
      ps.unshift({ valueName: '预警级别', value: '橙色' });
    });
    expect(capToIncident(alert)).toEqual({ ok: true, incident: CARRIED });
  });
});

describe('ackToCap', () => {
  const original = alertOf(parseCap(readFixture('drill-flood-warning.xml')));
  const at = Date.UTC(2026, 6, 19, 13, 34, 20);
  const ack = ackToCap(original, { by: '值班员张伟', at, note: '已通知沙口镇' }, ISSUER, 2);

  it('refers to the original and keeps its status', () => {
    expect(ack).toMatchObject({ msgType: 'Ack', status: 'Exercise', info: [] });
    expect(ack.references).toEqual([
      { sender: original.sender, identifier: original.identifier, sent: original.sent },
    ]);
  });

  it('goes privately to the original sender, says who acknowledged, and is sent at the time given', () => {
    expect(ack).toMatchObject({
      scope: 'Private',
      addresses: original.sender,
      sent: '2026-07-19T21:34:20+08:00',
    });
    expect(ack.note).toContain('值班员张伟');
    expect(ack.note).toContain('已通知沙口镇');
    expect(parseGbIdentifier(ack.identifier)).toMatchObject({ issuedAt: at, serial: 2 });
  });

  it('is valid CAP 1.2 and survives the round trip', () => {
    expect(alertOf(parseCap(writeCap(ack)))).toStrictEqual(ack);
  });

  it('acknowledges an Actual alert as Actual, carrying its incidents', () => {
    const exported = incidentToCap(INCIDENT, ISSUER, OPTS);
    const reply = ackToCap(exported, { by: 'x', at }, ISSUER, 0);
    expect(reply).toMatchObject({ status: 'Actual', incidents: INCIDENT.code });
    expect(reply.note).not.toContain('：');
  });
});
