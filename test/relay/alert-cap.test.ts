import { describe, expect, it } from 'vitest';
import { parseCap } from '../../src/cap/parse-cap.js';
import type { AlertFeed } from '../../src/protocol/index.js';
import { alertCapIdentifier, alertCapMessages, isForwardedAlert } from '../../src/relay/alert-cap.js';
import type { Places } from '../../src/relay/alert-places.js';
import { HAS_XMLLINT, xsdVerdict } from '../helpers/xmllint.js';
import { alertFeed } from '../state/feed-fixtures.js';

const T0 = Date.UTC(2026, 6, 19, 18, 0);

// The console's alert builder, made critical over G1's guaranteed level at T0.
const alert = (over: Partial<AlertFeed> = {}): AlertFeed =>
  alertFeed({
    id: 7,
    title: { zh: '汝河大桥 超保证水位 12.50 m', en: 'Ruhe Bridge over guaranteed level 12.50 m' },
    action: { zh: '通知带班领导和下游乡镇', en: 'Tell the leader and the towns downstream' },
    openedAt: T0,
    updatedAt: T0,
    ...over,
  });

const parsed = (xml: string) => {
  const result = parseCap(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.alert;
};

// What the county's snapshot says of its places (as the relay keeps them).
const PLACES: Places = {
  county: { code: '411731', name: '汝川县' },
  townships: { T1: '城关镇', T9: '沙口镇' },
  stations: { G1: { name: '汝河大桥', township: 'T1' } },
  warehouses: { W1: { name: '县救灾物资储备库', township: 'T1' } },
};
const ISSUER = { sender: '411731000', places: PLACES };

// Every kind of alert the relay sends, open and closed.
const SENT: [string, AlertFeed][] = [
  ['a river over its guaranteed level', alert()],
  [
    'a silent gauge',
    alert({
      key: 'station.stale:G1',
      class: 'station.stale',
      severity: 'warning',
      title: { zh: '汝河大桥 数据中断：最后读数 01:10（超过 30 分钟）', en: 'Ruhe Bridge silent' },
      value: null,
    }),
  ],
  [
    'low stock',
    alert({
      key: 'stock.low:W1:TENT',
      class: 'stock.low',
      severity: 'warning',
      subject: { kind: 'stock', code: 'W1:TENT' },
      title: { zh: '县救灾物资储备库 帐篷 3 顶，低于定额 10 顶', en: 'W1 tents below minimum' },
      value: 3,
    }),
  ],
  [
    'an incident',
    alert({
      key: 'incident.reportable:INC-1',
      class: 'incident.reportable',
      subject: { kind: 'incident', code: 'INC-1' },
      title: { zh: '沙口镇 达到较大（Ⅲ级）事故标准：死亡 3 人', en: 'Shakou: level III' },
      value: 3,
    }),
  ],
  ['a drill', alert({ drill: true })],
];

describe('county alerts as CAP 1.2 a city officer reads (issue 14)', () => {
  it.skipIf(!HAS_XMLLINT)(
    'writes CAP the official OASIS CAP 1.2 XSD accepts (xmllint), open and closed',
    () => {
      for (const [what, open] of SENT) {
        const closed = {
          ...open,
          state: 'closed' as const,
          closedAt: T0 + 3_600_000,
          updatedAt: T0 + 3_600_000,
        };
        for (const a of [open, closed]) {
          const [message] = alertCapMessages(a, ISSUER);
          expect(xsdVerdict(message?.xml ?? ''), `${what} (${a.state})`).toEqual({ valid: true });
        }
      }
    },
  );

  it("says the event, the description and the area in Chinese under zh-CN, and the desk's keys only as parameters", () => {
    const cjk = /[\u4e00-\u9fff]/;
    for (const [what, a] of SENT) {
      const info = parsed(alertCapMessages(a, ISSUER)[0]?.xml ?? '').info[0];
      expect(info?.language, what).toBe('zh-CN');
      for (const text of [
        info?.event,
        info?.headline,
        info?.description,
        info?.instruction,
        info?.senderName,
      ]) {
        expect(text, what).toMatch(cjk);
        expect(text, what).not.toMatch(/[a-z]+\.[a-z_]+/); // no rule key such as station.stale
      }
      expect(info?.area[0]?.areaDesc, what).toMatch(/^汝川县/);
      expect(info?.parameter, what).toContainEqual({ valueName: 'dutywatch:alertClass', value: a.class });
    }
  });

  it('names the warehouse of a stock alert', () => {
    const info = parsed(alertCapMessages(SENT[2]![1], ISSUER)[0]?.xml ?? '').info[0];
    expect(info?.area[0]?.areaDesc).toBe('汝川县城关镇县救灾物资储备库');
  });

  it('calls a silent gauge a monitoring outage (Infra) at its named place, not weather at a code', () => {
    const info = parsed(alertCapMessages(SENT[1]![1], ISSUER)[0]?.xml ?? '').info[0];
    expect(info).toMatchObject({
      event: '水情测站数据中断',
      category: ['Infra'],
      senderName: '汝川县应急管理局',
    });
    expect(info?.area).toEqual([
      {
        areaDesc: '汝川县城关镇汝河大桥',
        polygon: [],
        circle: [],
        geocode: [{ valueName: 'GB/T 2260', value: '411731' }],
      },
    ]);
    expect(info?.description).toContain('汝河大桥 数据中断');
  });

  it('names places by code only while no snapshot has said their names', () => {
    const info = parsed(alertCapMessages(alert(), { sender: 'x' })[0]?.xml ?? '').info[0];
    expect(info).toMatchObject({ event: '河道水位超保证水位', category: ['Met'] });
    expect(info?.area[0]?.areaDesc).toBe('G1');
  });
});

describe('county alerts as CAP 1.2', () => {
  it('sends an open alert as a valid CAP Alert in Beijing time, with the title and what to do', () => {
    const [message] = alertCapMessages(alert(), { sender: '411731000' });
    const cap = parsed(message?.xml ?? '');
    expect(message?.id).toBe(`cap:${alertCapIdentifier(alert())}`);
    expect(cap).toMatchObject({
      identifier: 'dutywatch-alert-7-1784484000000',
      sender: '411731000',
      sent: '2026-07-20T02:00:00+08:00',
      status: 'Actual',
      msgType: 'Alert',
    });
    expect(cap.info[0]).toMatchObject({
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
      headline: '汝河大桥 超保证水位 12.50 m',
      instruction: '通知带班领导和下游乡镇',
    });
  });

  it('sends a closed alert as the Cancel of its Alert, and the same state always as the same bytes', () => {
    const closed = alert({ state: 'closed', closedAt: T0 + 3_600_000, updatedAt: T0 + 3_600_000 });
    const [message] = alertCapMessages(closed, { sender: '411731000' });
    const cap = parsed(message?.xml ?? '');
    const original = parsed(alertCapMessages(alert(), { sender: '411731000' })[0]?.xml ?? '');
    expect(cap.msgType).toBe('Cancel');
    expect(cap.references).toEqual([
      { sender: '411731000', identifier: original.identifier, sent: original.sent },
    ]);
    expect(alertCapMessages(closed, { sender: '411731000' })).toEqual([message]);
  });

  it('names the county to the city when told its name', () => {
    const [message] = alertCapMessages(alert(), { sender: '411731000', senderName: '汝川县应急管理局' });
    expect(parsed(message?.xml ?? '').info[0]?.senderName).toBe('汝川县应急管理局');
  });

  it('sends a drill as status Exercise', () => {
    const [message] = alertCapMessages(alert({ drill: true }), { sender: 'x' });
    expect(parsed(message?.xml ?? '').status).toBe('Exercise');
  });

  it('forwards station, stock and incident alerts that are not info, and never a CAP warning (no echo)', () => {
    expect(isForwardedAlert(alert())).toBe(true);
    expect(
      isForwardedAlert(alert({ severity: 'warning', subject: { kind: 'stock', code: 'W1/TENT' } })),
    ).toBe(true);
    expect(isForwardedAlert(alert({ severity: 'info' }))).toBe(false);
    expect(isForwardedAlert(alert({ subject: { kind: 'cap', code: 'a/b' } }))).toBe(false);
    expect(isForwardedAlert(alert({ subject: { kind: 'duty', code: 'handover' } }))).toBe(false);
    expect(isForwardedAlert(alert({ subject: { kind: 'obligation', code: '3' } }))).toBe(false);
    expect(isForwardedAlert(alert({ inhibitedBy: 8 }))).toBe(false);
    expect(isForwardedAlert(alert({ inhibitedBy: 8, state: 'closed', closedAt: T0 }))).toBe(true);
  });
});
