import { describe, expect, it } from 'vitest';
import { evaluateConditions } from '../../../src/domain/rules/evaluate.js';
import { configSchema, type ReadingPoint } from '../../../src/protocol/index.js';
import { byKey, demoCountyInput, MIN, NOW, ruleInput, steady } from './rules-fixtures.js';

const RIVER = 'ST-RH-02'; // staleAfterMinutes 30
const key = `station.stale:${RIVER}`;

describe('station.stale', () => {
  const cases: [string, ReadingPoint[], number, string | undefined][] = [
    ['stays quiet with a reading 30 min old', steady(41, NOW - 30 * MIN), NOW - 2 * 60 * MIN, undefined],
    [
      'flags a station whose last reading is 31 min old',
      steady(41, NOW - 31 * MIN),
      NOW - 2 * 60 * MIN,
      '汝河城关站 数据中断：最后读数 07-20 01:29（超过 30 分钟）',
    ],
    [
      'flags a fresh reading that reports a sensor fault',
      [...steady(41, NOW - 5 * MIN), { at: NOW, level: 41, sensorFault: true }],
      NOW - 2 * 60 * MIN,
      '汝河城关站 传感器故障（07-20 02:00）',
    ],
    ['gives a never-reported station its grace after the collector starts', [], NOW - 30 * MIN, undefined],
    [
      'flags a never-reported station once the grace is over',
      [],
      NOW - 31 * MIN,
      '汝河城关站 无数据（超过 30 分钟）',
    ],
    [
      'flags old data even when the collector has just started',
      steady(41, NOW - 60 * MIN),
      NOW - 5 * MIN,
      '汝河城关站 数据中断：最后读数 07-20 01:00（超过 30 分钟）',
    ],
  ];
  it.each(cases)('%s', (_name, history, startedAt, title) => {
    const input = ruleInput({ histories: new Map([[RIVER, history]]), startedAt });
    expect(byKey(evaluateConditions(input, NOW)).get(key)?.title.zh).toBe(title);
  });

  it('keeps an open no-data alarm across a restart instead of granting the grace again (issue 15.6)', () => {
    const input = ruleInput({
      histories: new Map([[RIVER, []]]),
      startedAt: NOW - 1 * MIN,
      openAlertKeys: new Set([key]),
    });
    expect(byKey(evaluateConditions(input, NOW)).get(key)?.title.zh).toBe(
      '汝河城关站 无数据（超过 30 分钟）',
    );
  });

  it('is a warning that closes by itself', () => {
    const found = byKey(evaluateConditions(ruleInput(), NOW)).get(key);
    expect(found).toMatchObject({ severity: 'warning', autoClose: true, value: null, status: 'set' });
    expect(found?.subject).toEqual({ kind: 'station', code: RIVER });
  });
});

describe('source.silent', () => {
  const input = demoCountyInput();
  for (const token of input.tokens) if (token.name === 'demo-telemetry') token.heartbeatMinutes = 15;
  const config = configSchema.parse(input);
  const silentKey = 'source.silent:demo-telemetry';

  const cases: [string, number | undefined, number, string | undefined][] = [
    ['stays quiet 15 min after the last message', NOW - 15 * MIN, NOW - 60 * MIN, undefined],
    [
      'flags a source silent for 16 min',
      NOW - 16 * MIN,
      NOW - 60 * MIN,
      'Source demo-telemetry silent over 15 min (last message 07-20 01:44)',
    ],
    ['gives a never-seen source the heartbeat after start', undefined, NOW - 15 * MIN, undefined],
    [
      'flags a source never seen since a start 16 min ago',
      undefined,
      NOW - 16 * MIN,
      'Source demo-telemetry silent over 15 min (nothing since start)',
    ],
    ['measures from the start when the last message is older', NOW - 3 * 60 * MIN, NOW - 10 * MIN, undefined],
  ];
  it.each(cases)('%s', (_name, lastSeen, startedAt, title) => {
    const seen = new Map(lastSeen === undefined ? [] : [['demo-telemetry', lastSeen]]);
    const found = evaluateConditions(ruleInput({ config, sourcesLastSeen: seen, startedAt }), NOW);
    expect(byKey(found).get(silentKey)?.title.en).toBe(title);
  });

  // Issue 15.6: a restart closed an ongoing silent-source alarm as "condition cleared".
  const open: [string, number | undefined, string | undefined][] = [
    ['keeps an open alarm across a restart: silent since its last message', NOW - 3 * 60 * MIN, 'set'],
    ['keeps an open alarm across a restart for a source never heard from', undefined, 'set'],
    ['clears an open alarm once the source speaks', NOW - 1 * MIN, undefined],
  ];
  it.each(open)('%s', (_name, lastSeen, status) => {
    const seen = new Map(lastSeen === undefined ? [] : [['demo-telemetry', lastSeen]]);
    const input = ruleInput({
      config,
      sourcesLastSeen: seen,
      startedAt: NOW - 1 * MIN,
      openAlertKeys: new Set([silentKey]),
    });
    expect(byKey(evaluateConditions(input, NOW)).get(silentKey)?.status).toBe(status);
  });

  it('ignores tokens without a heartbeat and is a self-closing warning', () => {
    const found = byKey(
      evaluateConditions(ruleInput({ config, startedAt: NOW - 60 * MIN }), NOW),
      'source.silent',
    );
    expect([...found.keys()]).toEqual([silentKey]);
    expect(found.get(silentKey)).toMatchObject({
      severity: 'warning',
      autoClose: true,
      subject: { kind: 'source', code: 'demo-telemetry' },
    });
  });
});
