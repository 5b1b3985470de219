import { type Config, type ConfigInput, configSchema } from '../../src/protocol/index.js';
import { testConfigInput } from '../helpers/test-config.js';

/** The environment variable the test webhook channel's secret is read from. */
export const SECRET_ENV = 'DUTYWATCH_TEST_WEBHOOK_SECRET';
export const SECRET = 'test-webhook-secret-4f1d9a';

/** 沙口镇, with two villages: the township the call-out tests add to the test county. */
export const SHAKOU = {
  code: 'T3',
  name: '沙口镇',
  nameAscii: 'Shakou',
  villages: [
    { code: 'T3V1', name: '周店村', nameAscii: 'Zhoudian' },
    { code: 'T3V2', name: '何营村', nameAscii: 'Heying' },
  ],
};

/** The test county with a 沙口镇 (two villages), its responsible persons on one webhook channel, and the gauge's area. */
export function calloutConfigInput(
  url: string,
  options: { delivery?: Record<string, unknown>; channel?: Record<string, unknown> } = {},
): ConfigInput {
  process.env[SECRET_ENV] = SECRET;
  const input = testConfigInput();
  input.townships = [...input.townships, SHAKOU];
  const person = (
    id: string,
    name: string,
    role: string,
    place: Record<string, string>,
    phone: string,
    drill = false,
  ) => ({
    id,
    name,
    role,
    ...place,
    phone,
    channels: ['sms'],
    drill,
  });
  return {
    ...input,
    notify: {
      channels: {
        sms: { kind: 'webhook', url, secret: { env: SECRET_ENV }, timeoutMs: 1000, ...options.channel },
      },
      responsible: [
        person('commander', '高指挥', 'county.commander', {}, '13900000001', true),
        person('t3-head', '沙镇长', 'township.head', { township: 'T3' }, '13900000002'),
        person('t3-flood', '周防汛', 'township.flood', { township: 'T3' }, '13800000003', true),
        person('v1-flood', '周村长', 'village.flood', { village: 'T3V1' }, '13800000004'),
        person('v2-flood', '何村长', 'village.flood', { village: 'T3V2' }, '13800000005'),
        {
          ...person('v2-info', '何信息', 'village.informant', { village: 'T3V2' }, '13800000006'),
          channels: [],
        },
      ],
      duty: { P1: { channels: ['sms'] }, P2: { channels: ['sms'], drill: true } },
      areas: { G1: { townships: ['T3'], villages: ['T3V1', 'T3V2'] } },
      groups: { hq: { name: '县防指', members: ['commander'] } },
      delivery: { maxTries: 3, backoffSeconds: 0.05, maxBackoffSeconds: 0.2, ...options.delivery },
    },
  } as ConfigInput;
}

export function calloutConfig(url: string, options?: Parameters<typeof calloutConfigInput>[1]): Config {
  return configSchema.parse(calloutConfigInput(url, options));
}

/** The test county with `count` more county deputies (`m0`, `m1` …, SMS) in one group, `many`: a big call-out. */
export function manyPeopleInput(url: string, count: number): ConfigInput {
  const input = calloutConfigInput(url);
  const ids = Array.from({ length: count }, (_, i) => `m${i}`);
  const notify = input.notify as Record<string, unknown> & { responsible: unknown[] };
  return {
    ...input,
    notify: {
      ...notify,
      responsible: [
        ...notify.responsible,
        ...ids.map((id, i) => ({
          id,
          name: `责任人${i}`,
          role: 'county.deputy',
          phone: `139${String(i).padStart(8, '0')}`,
          channels: ['sms'],
        })),
      ],
      groups: { many: { name: '全体', members: ids } },
    },
  } as ConfigInput;
}
