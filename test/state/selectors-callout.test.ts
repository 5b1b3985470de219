import { describe, expect, it } from 'vitest';
import type { CalloutRecipientFeed, DeliveryFeed } from '../../src/protocol/index.js';
import {
  selectAlertNotifications,
  selectCallouts,
  selectChase,
  selectWallCallout,
} from '../../src/state/selectors/callout.js';
import { selectWallView } from '../../src/state/selectors/wall-view.js';
import { busySnapshot, LOCAL, liveState } from '../console/console-fixtures.js';

const MIN = 60_000;
const T0 = Date.parse('2026-07-19T17:50:00Z');
const DEADLINE = T0 + 5 * MIN;

const recipient = (
  id: number,
  name: string,
  state: CalloutRecipientFeed['state'],
  extra: Partial<CalloutRecipientFeed> = {},
): CalloutRecipientFeed => ({
  id,
  callout: 1,
  person: `p${id}`,
  name,
  role: 'village.flood',
  township: 'T3',
  village: 'T3V1',
  place: '沙口镇周店村',
  phone: `1380000000${id}`,
  state,
  sentAt: T0,
  deliveredAt: state === 'delivered' || state === 'answered' ? T0 + 1000 : null,
  answeredAt: state === 'answered' ? T0 + 2 * MIN : null,
  answer: state === 'answered' ? 'on_duty' : null,
  count: state === 'answered' ? 12 : null,
  note: null,
  phonedAt: null,
  phonedBy: null,
  phonedReached: null,
  ...extra,
});

const delivery = (
  id: number,
  r: number | null,
  name: string,
  state: DeliveryFeed['state'],
): DeliveryFeed => ({
  id,
  recipient: r,
  alert: 12,
  person: `p${id}`,
  name,
  channel: 'sms',
  state,
  tries: state === 'dead' ? 6 : 1,
  createdAt: T0,
  lastTryAt: T0,
  doneAt: state === 'pending' ? null : T0 + 1000,
  error: state === 'dead' ? 'HTTP 500' : null,
});

const state = liveState(
  busySnapshot({
    callouts: [
      {
        id: 1,
        trigger: 'station',
        alert: 12,
        title: '汝河大桥超保证',
        message: '…',
        drill: false,
        startedBy: 'system',
        startedAt: T0,
        deadlineAt: DEADLINE,
        closedAt: null,
      },
    ],
    calloutRecipients: [
      recipient(1, '周村长', 'answered'),
      recipient(2, '何村长', 'delivered'),
      recipient(3, '何信息', 'unreachable', { role: 'village.informant', deliveredAt: null }),
      recipient(4, '高指挥', 'sent', { role: 'county.commander', place: '', deliveredAt: null }),
    ],
    deliveries: [
      delivery(1, 1, '周村长', 'delivered'),
      delivery(2, 2, '何村长', 'delivered'),
      delivery(3, 4, '高指挥', 'pending'),
      delivery(4, null, '张伟', 'dead'),
    ],
  }),
);

describe('call-out selectors', () => {
  it('the chase is empty before the deadline and worst first at it', () => {
    expect(selectChase(state, DEADLINE - 1, 'zh')).toEqual([]);
    expect(selectChase(state, DEADLINE, 'zh').map((r) => r.line)).toEqual([
      '致电 何信息 · 沙口镇周店村 灾害信息员 · 13800000003',
      '致电 高指挥 · 县防指指挥长 · 13800000004',
      '致电 何村长 · 沙口镇周店村 村防汛责任人 · 13800000002',
    ]);
    expect(selectChase(state, DEADLINE, 'en')[1]?.line).toBe(
      'call 高指挥 · county flood HQ commander · 13800000004',
    );
  });

  it('the board and the wall line count answered over total, and the overdue', () => {
    expect(selectCallouts(state, DEADLINE)[0]).toMatchObject({ settled: 1, total: 4, overdue: 3 });
    expect(selectWallCallout(state, DEADLINE - 1, 'zh')).toBe('叫应 1/4');
    expect(selectWallCallout(state, DEADLINE, 'zh')).toBe('叫应 1/4 · 逾期 3');
    expect(selectWallCallout(state, DEADLINE, 'en')).toBe('Call-out 1/4 · overdue 3');
    // On the wall's top line, loud while anyone is overdue.
    expect(selectWallView(state, LOCAL, { names: 'zh' }).header.callout).toEqual({
      text: '叫应 1/4 · 逾期 3',
      tone: 'danger',
    });
  });

  it("an alert's details say who was notified how, when, delivered or not, answered or not", () => {
    const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    expect(selectAlertNotifications(state, 12, 'zh', clock)).toEqual([
      '周村长 · sms · 17:50 · 已送达 17:50 · 已回复 已到岗 12 人 17:52',
      '何村长 · sms · 17:50 · 已送达 17:50 · 未回复',
      '高指挥 · sms · 17:50 · 发送中（第 1 次） · 未回复',
      '张伟 · sms · 17:50 · 未送达 (HTTP 500)',
    ]);
  });
});
