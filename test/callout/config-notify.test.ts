import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG } from '../../src/cli/demo.js';
import { type ConfigInput, decodeConfig } from '../../src/protocol/index.js';
import { runDutywatch, writeConfig } from '../helpers/collector-process.js';
import { testConfigInput } from '../helpers/test-config.js';

const demo = (): ConfigInput => JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));

type Person = {
  id: string;
  name: string;
  role: string;
  station?: string;
  channels?: string[];
  township?: string;
  village?: string;
  phone: string;
};
type NotifyDraft = { channels: unknown; responsible: Person[]; areas: unknown };

/** The test county with a webhook channel, one person per level and the gauge's evacuation area. */
function withNotify(change: (notify: NotifyDraft) => void = () => {}): ConfigInput {
  const notify: NotifyDraft = {
    channels: { sms: { kind: 'webhook', url: 'http://127.0.0.1:9/sms', secret: { env: 'SMS_KEY' } } },
    responsible: [
      { id: 'c1', name: '县防指指挥长', role: 'county.commander', phone: '13900000001', channels: ['sms'] },
      {
        id: 't1h',
        name: '镇长',
        role: 'township.head',
        township: 'T1',
        phone: '13900000002',
        channels: ['sms'],
      },
      { id: 'v1f', name: '村长', role: 'village.flood', village: 'T1V1', phone: '13900000003' },
      { id: 'r1p', name: '巡查员', role: 'project.patrol', station: 'R1', phone: '13900000004' },
    ],
    areas: { G1: { townships: ['T1'], villages: ['T1V1'] } },
  };
  change(notify);
  return { ...testConfigInput(), notify } as ConfigInput;
}

const message = (input: ConfigInput) => {
  const decoded = decodeConfig(input);
  return decoded.ok ? 'ok' : decoded.message;
};

describe('notify config', () => {
  it('the demo county names its responsible persons and evacuation areas', () => {
    const decoded = decodeConfig(demo());
    if (!decoded.ok) throw new Error(decoded.message);
    const { notify } = decoded.value;
    const roles = new Set(notify.responsible.map((p) => p.role));
    expect([...roles].sort()).toEqual([
      'county.commander',
      'county.deputy',
      'project.administrative',
      'project.patrol',
      'project.technical',
      'township.flood',
      'township.head',
      'village.flood',
      'village.informant',
    ]);
    // Every township has its heads and its flood responsible person.
    for (const t of decoded.value.townships) {
      expect(notify.responsible.filter((p) => p.township === t.code).length).toBe(2);
    }
    expect(Object.keys(notify.areas).sort()).toEqual(decoded.value.stations.map((s) => s.code).sort());
    expect(notify.deadlineMinutes).toBe(5);
  });

  it('fills in defaults: triggers, templates, delivery', () => {
    const decoded = decodeConfig(withNotify());
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.value.notify.triggers.station.classes).toContain('water.guarantee');
    expect(decoded.value.notify.triggers.cap.severities).toEqual(['Extreme', 'Severe']);
    expect(decoded.value.notify.templates.station).toContain('{link}');
    expect(decoded.value.notify.delivery.maxTries).toBe(6);
  });

  it.each([
    [
      'an unknown channel',
      (n: NotifyDraft) => {
        n.responsible[1]!.channels = ['wechat'];
      },
      'notify.responsible[1].channels[0]: unknown channel "wechat"',
    ],
    [
      'an unknown village',
      (n: NotifyDraft) => {
        n.responsible[2]!.village = 'NOPE';
      },
      'notify.responsible[2].village: unknown village "NOPE"',
    ],
    [
      'a township head without a township',
      (n: NotifyDraft) => {
        delete n.responsible[1]!.township;
      },
      'notify.responsible[1].township: a township.head names the township they answer for',
    ],
    [
      'a county commander tied to a village',
      (n: NotifyDraft) => {
        n.responsible[0]!.village = 'T1V1';
      },
      'notify.responsible[0].village: a county.commander does not answer for a village',
    ],
    [
      'an area of an unknown station',
      (n: NotifyDraft) => {
        n.areas = { G9: { townships: ['T1'] } };
      },
      'notify.areas.G9: unknown station "G9"',
    ],
    [
      'an area naming an unknown township',
      (n: NotifyDraft) => {
        n.areas = { G1: { townships: ['T9'] } };
      },
      'notify.areas.G1.townships[0]: unknown township "T9"',
    ],
    [
      'a person id shared with the duty staff',
      (n: NotifyDraft) => {
        n.responsible[0]!.id = 'P1';
      },
      'notify.responsible[0].id: duplicate person id "P1"',
    ],
    [
      'a secret written inline',
      (n: NotifyDraft) => {
        n.channels = { sms: { kind: 'webhook', url: 'http://127.0.0.1:9/', secret: 'hunter2' } };
      },
      'notify.channels.sms.secret',
    ],
    [
      'a phone with letters',
      (n: NotifyDraft) => {
        n.responsible[0]!.phone = 'call me';
      },
      'notify.responsible[0].phone: must be digits',
    ],
  ])('refuses %s, naming the field', (_what, change, expected) => {
    expect(message(withNotify(change))).toContain(expected);
  });

  it('a config mistake stops the collector with the field path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutywatch-notify-config-'));
    try {
      const path = writeConfig(
        dir,
        withNotify((n) => {
          n.areas = { G1: { villages: ['NOWHERE'] } };
        }),
      );
      const result = await runDutywatch([
        'serve',
        '--config',
        path,
        '--db',
        join(dir, 'c.db'),
        '--port',
        '0',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('notify.areas.G1.villages[0]: unknown village \\"NOWHERE\\"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
