import { describe, expect, it } from 'vitest';
import { type CapWarning, capClass, isWarningInForce } from '../../../src/domain/cap-warning.js';
import { capConditions } from '../../../src/domain/rules/cap-rules.js';
import { ruleInput } from './rules-fixtures.js';

const NOW = Date.UTC(2026, 6, 19, 18, 0);
const HOUR = 3_600_000;

function warning(over: Partial<CapWarning> = {}): CapWarning {
  return {
    id: 1,
    sender: 'rc-met@411731',
    identifier: 'W-1',
    status: 'Actual',
    drill: false,
    state: 'active',
    event: '暴雨',
    headline: '暴雨橙色预警',
    areaDesc: '汝川县',
    urgency: 'Expected',
    severity: 'Severe',
    certainty: 'Likely',
    senderName: '汝川县气象台',
    instruction: '减少户外活动',
    expiresAt: NOW + HOUR,
    openedAt: NOW - HOUR,
    updatedAt: NOW - HOUR,
    ...over,
  };
}

describe('capClass: urgency × severity × certainty picks the ladder', () => {
  it.each([
    ['Immediate', 'Extreme', 'Observed', 'cap.severe'],
    ['Expected', 'Severe', 'Likely', 'cap.severe'],
    ['Future', 'Severe', 'Likely', 'cap.moderate'],
    ['Expected', 'Severe', 'Possible', 'cap.moderate'],
    ['Expected', 'Moderate', 'Observed', 'cap.moderate'],
    ['Immediate', 'Minor', 'Observed', 'cap.minor'],
    ['Expected', 'Unknown', 'Observed', 'cap.minor'],
    ['Past', 'Extreme', 'Observed', 'cap.minor'],
    ['Immediate', 'Extreme', 'Unlikely', 'cap.minor'],
  ])('%s × %s × %s → %s', (urgency, severity, certainty, expected) => {
    expect(capClass({ urgency, severity, certainty })).toBe(expected);
  });
});

describe('isWarningInForce', () => {
  it('holds until the instant of expiry, not at it', () => {
    expect(isWarningInForce(warning(), NOW + HOUR - 1)).toBe(true);
    expect(isWarningInForce(warning(), NOW + HOUR)).toBe(false);
    expect(isWarningInForce(warning({ expiresAt: null }), NOW + 1000 * HOUR)).toBe(true);
  });

  it('ends with a Cancel, and never holds for System or Draft', () => {
    expect(isWarningInForce(warning({ state: 'cancelled' }), NOW)).toBe(false);
    expect(isWarningInForce(warning({ status: 'System' }), NOW)).toBe(false);
    expect(isWarningInForce(warning({ status: 'Draft' }), NOW)).toBe(false);
    expect(isWarningInForce(warning({ status: 'Exercise', drill: true }), NOW)).toBe(true);
  });
});

describe('capConditions', () => {
  it('raises one condition per warning in force, keyed by sender and identifier, none once expired', () => {
    const input = ruleInput({
      capWarnings: [warning(), warning({ id: 2, identifier: 'W-2', expiresAt: NOW })],
    });
    const conditions = capConditions(input, NOW);
    expect(conditions.map((c) => c.key)).toEqual(['cap:rc-met@411731/W-1']);
    expect(conditions[0]).toMatchObject({
      class: 'cap.severe',
      severity: 'critical',
      autoClose: true,
      title: { zh: '汝川县气象台：暴雨橙色预警（汝川县）' },
    });
    expect(conditions[0]?.action.zh).toMatch(/^减少户外活动 — /);
    expect(conditions[0]?.drill).toBeUndefined();
  });

  it('says DRILL first in a drill title and action, once even when the headline says 演练 itself', () => {
    const drill = warning({ status: 'Exercise', drill: true, headline: '【演练】洪水橙色预警' });
    const [condition] = capConditions(ruleInput({ capWarnings: [drill] }), NOW);
    expect(condition?.drill).toBe(true);
    expect(condition?.title.zh).toBe('【演练】汝川县气象台：洪水橙色预警（汝川县）');
    expect(condition?.title.en).toBe('DRILL: 汝川县气象台: 洪水橙色预警 (汝川县)');
    expect(condition?.action.zh).toMatch(/^演练：.*不要真实拨打电话.* — 减少户外活动$/);
    expect(condition?.action.en).toMatch(/^DRILL: /);
  });
});
