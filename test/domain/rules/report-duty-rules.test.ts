import { describe, expect, it } from 'vitest';
import { evaluateConditions } from '../../../src/domain/rules/evaluate.js';
import type { ObligationFeed } from '../../../src/protocol/index.js';
import { obligationFeed } from '../../state/feed-fixtures.js';
import { byKey, incident, MIN, NOW, ruleInput } from './rules-fixtures.js';

const obligation = obligationFeed(7, { warnAt: NOW + 20 * MIN, dueAt: NOW + 30 * MIN });

describe('reporting clocks', () => {
  const evaluate = (o: ObligationFeed, now: number) =>
    byKey(
      evaluateConditions(
        ruleInput({ obligations: [o], incidents: [incident('INC-1', { deaths: 3 })] }),
        now,
      ).filter((c) => c.class.startsWith('report.')),
    );

  const cases: [string, ObligationFeed, number, string[]][] = [
    ['stay quiet before warnAt', obligation, NOW + 20 * MIN - 1, []],
    ['warn from warnAt', obligation, NOW + 20 * MIN, ['report.due:7']],
    ['warn until just before dueAt', obligation, NOW + 30 * MIN - 1, ['report.due:7']],
    ['turn overdue at dueAt', obligation, NOW + 30 * MIN, ['report.overdue:7']],
    ['stay overdue long after', obligation, NOW + 5 * 60 * MIN, ['report.overdue:7']],
    ['clear once the report is marked done', { ...obligation, state: 'done' }, NOW + 40 * MIN, []],
    ['clear once an upgrade supersedes it', { ...obligation, state: 'superseded' }, NOW + 40 * MIN, []],
  ];
  it.each(cases)('%s', (_name, o, now, keys) => {
    expect([...evaluate(o, now).keys()]).toEqual(keys);
  });

  it('ranks overdue above due in the obligation group, both closing by themselves', () => {
    const due = evaluate(obligation, NOW + 25 * MIN).get('report.due:7');
    const overdue = evaluate(obligation, NOW + 35 * MIN).get('report.overdue:7');
    expect(due).toMatchObject({
      severity: 'warning',
      autoClose: true,
      inhibit: { group: 'report:7', rank: 1 },
      subject: { kind: 'obligation', code: '7' },
      title: { zh: '某矿山透水事故 电话报告（报市应急管理局） 将于 07-20 02:30 到期' },
    });
    expect(overdue).toMatchObject({
      severity: 'critical',
      autoClose: true,
      inhibit: { group: 'report:7', rank: 2 },
      title: { en: 'Incident INC-1: phone report to the city bureau overdue since 07-20 02:30' },
    });
  });
});

describe('handover', () => {
  const handover = { from: 'wang.lei', to: 'li.jing', since: NOW - 30 * MIN };
  const cases: [string, typeof handover | null, number, boolean][] = [
    ['stays quiet with no handover pending', null, NOW, false],
    ['waits out the 30 minutes to accept', handover, NOW, false],
    ['flags a handover pending past the limit', handover, NOW + 1, true],
  ];
  it.each(cases)('%s', (_name, pending, now, expected) => {
    const found = byKey(evaluateConditions(ruleInput({ handover: pending }), now), 'duty.handover');
    expect(found.has('duty.handover:li.jing')).toBe(expected);
  });

  it('names both officers and the time handover began', () => {
    const found = byKey(evaluateConditions(ruleInput({ handover }), NOW + MIN)).get('duty.handover:li.jing');
    expect(found).toMatchObject({
      severity: 'warning',
      autoClose: true,
      subject: { kind: 'duty', code: 'li.jing' },
      title: {
        zh: '李静 超过 30 分钟未接班（王磊 自 07-20 01:30 起交班）',
        en: 'Li Jing has not accepted the watch in 30 min (Wang Lei handing over since 07-20 01:30)',
      },
    });
  });
});
