import { describe, expect, it } from 'vitest';
import { parseCap } from '../../src/cap/parse-cap.js';
import type { AlertFeed } from '../../src/protocol/index.js';
import { alertCapIdentifier, alertCapMessages, isForwardedAlert } from '../../src/relay/alert-cap.js';
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
