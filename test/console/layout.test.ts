import { describe, expect, it } from 'vitest';
import { type LayoutPlan, planLayout } from '../../src/console/layout.js';

type Plan = Extract<LayoutPlan, { kind: 'compact' | 'wide' }>;
const plan = (columns: number, rows: number, extra: Partial<Parameters<typeof planLayout>[0]> = {}) =>
  planLayout({ columns, rows, focus: 'alerts', hasPrompt: false, isLowBandwidth: false, ...extra });
const columnRows = (p: Plan, column: 0 | 1) =>
  p.panels.filter((s) => s.column === column).reduce((n, s) => n + (s.isCollapsed ? 1 : s.height), 0);

describe('planLayout', () => {
  it('shows the too-small page below 80x24', () => {
    expect(plan(79, 30).kind).toBe('too-small');
    expect(plan(100, 23).kind).toBe('too-small');
    expect(plan(80, 24).kind).toBe('compact');
  });

  it('never makes the frame as tall as the terminal, and fills it exactly otherwise', () => {
    for (const [columns, rows, hasPrompt] of [
      [80, 24, false],
      [80, 24, true],
      [100, 30, true],
      [160, 48, true],
      [200, 60, false],
    ] as const) {
      const p = plan(columns, rows, { hasPrompt }) as Plan;
      expect(p.height).toBe(rows - 1);
      expect(p.headerRows + p.promptRows + p.bodyRows + p.footerRows).toBe(p.height);
      expect(columnRows(p, 0)).toBe(p.bodyRows);
      if (p.kind === 'wide') expect(columnRows(p, 1)).toBe(p.bodyRows);
    }
  });

  it('keeps alerts and deadlines open at 80x24 and collapses the rest, except the focused panel', () => {
    const p = plan(80, 24, { hasPrompt: true }) as Plan;
    const open = p.panels.filter((s) => !s.isCollapsed).map((s) => s.id);
    expect(open).toEqual(['alerts', 'incidents', 'water']);
    const focused = plan(80, 24, { focus: 'log' }) as Plan;
    expect(focused.panels.filter((s) => !s.isCollapsed).map((s) => s.id)).toEqual([
      'alerts',
      'incidents',
      'log',
    ]);
  });

  it('uses two columns from 120x34, unless on a slow link', () => {
    expect(plan(160, 48).kind).toBe('wide');
    expect((plan(160, 48) as Plan).columns).toEqual([79, 80]);
    expect(plan(160, 48, { isLowBandwidth: true }).kind).toBe('compact');
    expect(plan(119, 48).kind).toBe('compact');
  });
});
