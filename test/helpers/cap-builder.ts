import type { CapAlert, CapInfo } from '../../src/cap/cap-alert.js';

const OFFSET_MS = 8 * 3_600_000;

/** A CAP dateTime in Beijing time for an instant. */
export function capTime(ms: number): string {
  return `${new Date(ms + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** A valid CAP 1.2 alert with one Chinese info block: a Severe, Expected, Likely rainstorm warning. */
export function capAlert(
  over: Partial<CapAlert> & { identifier: string; sentAt: number },
  info: Partial<CapInfo> = {},
): CapAlert {
  const { sentAt, ...rest } = over;
  return {
    sender: 'rc-met@411731',
    sent: capTime(sentAt),
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    code: [],
    references: [],
    info: [
      {
        language: 'zh-CN',
        category: ['Met'],
        event: '暴雨',
        responseType: [],
        urgency: 'Expected',
        severity: 'Severe',
        certainty: 'Likely',
        eventCode: [],
        senderName: '汝川县气象台',
        headline: '暴雨橙色预警',
        parameter: [],
        resource: [],
        area: [{ areaDesc: '汝川县', polygon: [], circle: [], geocode: [] }],
        ...info,
      },
    ],
    ...rest,
  };
}
