import { describe, expect, it } from 'vitest';
import type { Condition } from '../../../src/domain/rules/condition.js';
import {
  type ReconcileOptions,
  reconcile,
  type TrackedAlert,
  type Transition,
} from '../../../src/domain/rules/lifecycle.js';
import { MIN, NOW } from './rules-fixtures.js';

const condition = (over: Partial<Condition> = {}): Condition => ({
  key: 'water.warning:ST-RH-02',
  class: 'water.warning',
  severity: 'warning',
  subject: { kind: 'station', code: 'ST-RH-02' },
  title: { zh: '', en: '' },
  action: { zh: '', en: '' },
  value: 41.9,
  status: 'set',
  autoClose: true,
  ...over,
});

const alert = (over: Partial<TrackedAlert> = {}): TrackedAlert => ({
  key: 'water.warning:ST-RH-02',
  state: 'triggered',
  value: 41.9,
  ackValue: null,
  clearSince: null,
  hasNewData: false,
  ...over,
});

const opts: ReconcileOptions = { minHoldMs: 10 * MIN, autoClose: true, blockReopen: false };
const acked = (ackValue: number, over: Partial<TrackedAlert> = {}) =>
  alert({ state: 'acknowledged', ackValue, ...over });
const update = (value: number | null, hasNewData: boolean): Transition => ({
  kind: 'update',
  value,
  hasNewData,
  clearSince: null,
});

describe('reconcile', () => {
  const cases: [
    string,
    TrackedAlert | undefined,
    Condition | undefined,
    Partial<ReconcileOptions>,
    Transition,
  ][] = [
    ['opens on a set condition', undefined, condition(), {}, { kind: 'open' }],
    ['opens nothing on a hold condition', undefined, condition({ status: 'hold' }), {}, { kind: 'none' }],
    ['does nothing without alert or condition', undefined, undefined, {}, { kind: 'none' }],
    [
      'does not re-open a key resolved by hand whose condition never cleared',
      undefined,
      condition(),
      { blockReopen: true },
      { kind: 'none' },
    ],
    [
      'refreshes the value of a triggered alert',
      alert(),
      condition({ value: 42.3 }),
      {},
      update(42.3, false),
    ],
    [
      'keeps a hold condition open',
      alert(),
      condition({ status: 'hold', value: 41.77 }),
      {},
      update(41.77, false),
    ],
    [
      'flags new data when an acknowledged level rises past the ack value',
      acked(41.9),
      condition({ value: 41.95 }),
      {},
      update(41.95, true),
    ],
    [
      'ignores a rise within the epsilon of the ack value',
      acked(41.9),
      condition({ value: 41.905 }),
      {},
      update(41.905, false),
    ],
    [
      'ignores a fall of an acknowledged level',
      acked(41.9),
      condition({ value: 41.8 }),
      {},
      update(41.8, false),
    ],
    [
      'flags new data when an acknowledged stock falls (worse when lower)',
      acked(100),
      condition({ value: 80, worseWhen: 'lower' }),
      {},
      update(80, true),
    ],
    [
      'ignores a rise of an acknowledged stock',
      acked(100),
      condition({ value: 120, worseWhen: 'lower' }),
      {},
      update(120, false),
    ],
    [
      'judges against worseThan when the condition gives one',
      acked(41.9),
      condition({ value: 41.99, worseThan: 42 }),
      {},
      update(41.99, false),
    ],
    [
      'flags new data past worseThan',
      acked(41.9),
      condition({ value: 42.01, worseThan: 42 }),
      {},
      update(42.01, true),
    ],
    [
      'keeps new data flagged after the value falls back',
      acked(41.9, { hasNewData: true }),
      condition({ value: 41.9 }),
      {},
      update(41.9, true),
    ],
    [
      'never flags new data without a value',
      acked(41.9),
      condition({ value: null }),
      {},
      update(null, false),
    ],
    [
      'cancels clearing when the condition returns',
      alert({ clearSince: NOW - 5 * MIN }),
      condition({ status: 'hold' }),
      {},
      update(41.9, false),
    ],
    [
      'starts clearing when the condition goes',
      alert(),
      undefined,
      {},
      { kind: 'clearing', clearSince: NOW },
    ],
    [
      'waits out the minimum hold',
      alert({ clearSince: NOW - 10 * MIN + 1 }),
      undefined,
      {},
      { kind: 'none' },
    ],
    [
      'closes once clear for the minimum hold',
      alert({ clearSince: NOW - 10 * MIN }),
      undefined,
      {},
      { kind: 'close', reason: 'cleared' },
    ],
    [
      'closes at once with no hold',
      alert(),
      undefined,
      { minHoldMs: 0 },
      { kind: 'close', reason: 'cleared' },
    ],
    [
      'records clearing of an alert a human must close',
      alert(),
      undefined,
      { autoClose: false },
      { kind: 'clearing', clearSince: NOW },
    ],
    [
      'never closes an alert a human must close',
      alert({ clearSince: NOW - 60 * MIN }),
      undefined,
      { autoClose: false },
      { kind: 'none' },
    ],
  ];
  it.each(cases)('%s', (_name, open, cond, over, expected) => {
    expect(reconcile(open, cond, NOW, { ...opts, ...over })).toEqual(expected);
  });
});
