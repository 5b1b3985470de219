// One file on purpose (over 250 lines): the handover report's every section, its header and its purity; the
// fixtures of a whole shift are shared by all of them.
import { describe, expect, it } from 'vitest';
import type { AlertFeed, AuditEntry, Snapshot, WatchDuty } from '../../src/protocol/index.js';
import { type ReportLang, WORDS } from '../../src/state/handover/words.js';
import { handoverMarkdown } from '../../src/state/handover-report.js';
import { reduce } from '../../src/state/reducer.js';
import { initialWatchState, LOG_LIMIT, type WatchState } from '../../src/state/watch-state.js';
import { alertFeed, incident, MIN, NIGHT, obligationFeed, server, snapshot, stock } from './feed-fixtures.js';

const HOUR = 60 * MIN;
const SECTIONS = ['alerts', 'clocks', 'snoozes', 'incidents', 'stations', 'stock', 'notes'] as const;
type Section = (typeof SECTIONS)[number];

/** A state built the way a console builds it: a snapshot through the reducer, with the link live. */
function build(parts: Partial<Snapshot> = {}, options: Parameters<typeof snapshot>[0] = {}): WatchState {
  const snap = { ...snapshot(options), ...parts };
  return reduce(reduce(initialWatchState, server(snap, NIGHT)), { type: 'conn.live', at: NIGHT });
}

function alert(id: number, overrides: Partial<AlertFeed> = {}): AlertFeed {
  return alertFeed({
    id,
    key: `water.warning:G${id}`,
    class: 'water.warning',
    severity: 'warning',
    title: { zh: `告警${id}`, en: `alert ${id}` },
    action: { zh: '巡查', en: 'patrol' },
    value: null,
    openedAt: NIGHT - 20 * MIN,
    updatedAt: NIGHT - 20 * MIN,
    nextEscalationAt: NIGHT + 5 * MIN,
    ...overrides,
  });
}

function entry(id: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    at: NIGHT - 30 * MIN,
    actor: 'P1',
    action: 'note',
    alert: null,
    incident: null,
    obligation: null,
    text: `note ${id}`,
    ...overrides,
  };
}

// Readings every 15 minutes up to `minutesAgo`, flat at `level`.
const flat = (level: number, minutesAgo = 0) =>
  [60, 45, 30, 15, 0].map((m) => ({ at: NIGHT - (m + minutesAgo) * MIN, level }));

/** The report cut at its `##` headings, checked to come in the fixed order. */
function sections(markdown: string, lang: ReportLang): Record<Section | 'title', string> {
  const [title = '', ...parts] = markdown.split(/^## /m);
  const w = WORDS[lang];
  const result = { title } as Record<Section | 'title', string>;
  SECTIONS.forEach((key, i) => {
    const part = parts[i] ?? '';
    const heading = key === 'notes' ? w.sections.notes('\0').split('\0')[0] : w.sections[key];
    expect(part.startsWith(heading ?? '?'), `section ${key} in place`).toBe(true);
    result[key] = part;
  });
  // Then the shift's actions, from the collector's whole-shift entries (tested on their own below).
  expect(parts).toHaveLength(SECTIONS.length + 1);
  return result;
}

const report = (state: WatchState, lang: ReportLang = 'en') =>
  sections(handoverMarkdown(state, NIGHT, { lang }), lang);

describe('handoverMarkdown: empty sections', () => {
  it.each(['en', 'zh'] as const)('says "none" in every section of a quiet county (%s)', (lang) => {
    const state = build(
      {},
      {
        histories: { G1: flat(8), R1: flat(95) },
        stock: [stock('W1', 'TENT', 10), stock('W1', 'BAG', 100), stock('W2', 'TENT', 2)],
      },
    );
    const parts = report(state, lang);
    for (const key of SECTIONS) {
      expect(parts[key], key).toMatch(/[(（]0[)）]\n\n(None\.|无。)\n/);
    }
  });
});

type Row = {
  name: string;
  state: () => WatchState;
  section: Section;
  lang?: ReportLang;
  has: string[];
  hasNot?: string[];
};

const ROWS: Row[] = [
  {
    name: 'an alert on its rung with the next escalation',
    state: () => build({ alerts: [alert(1, { step: 1, rung: { target: 'leader', person: 'P2' } })] }),
    section: 'alerts',
    has: [
      '- **#1** [warning] alert 1 — triggered; open 20m',
      'rung 2: leader on duty Li Qiang',
      'next escalation 02:05 (in 5m)',
    ],
  },
  {
    name: 'an escalation already past due',
    state: () => build({ alerts: [alert(1, { nextEscalationAt: NIGHT - 3 * MIN })] }),
    section: 'alerts',
    has: ['next escalation 01:57 (**OVERDUE by 3m**)'],
  },
  {
    name: 'an acknowledgement with its re-check and new data',
    state: () =>
      build({
        alerts: [
          alert(2, {
            state: 'acknowledged',
            ack: { by: 'P1', at: NIGHT - 10 * MIN, reason: 'patrol sent', recheckAt: NIGHT + 20 * MIN },
            nextEscalationAt: null,
            hasNewData: true,
          }),
        ],
      }),
    section: 'alerts',
    has: [
      'acknowledged by Zhang Wei at 01:50 (patrol sent), re-check at 02:20 (in 20m)',
      '**NEW DATA since the acknowledgement**',
    ],
    hasNot: ['next escalation'],
  },
  {
    name: 'the same in Chinese',
    lang: 'zh',
    state: () =>
      build({
        alerts: [
          alert(2, {
            state: 'acknowledged',
            ack: { by: 'P1', at: NIGHT - 10 * MIN, reason: '已派人', recheckAt: NIGHT - 5 * MIN },
            hasNewData: true,
          }),
        ],
      }),
    section: 'alerts',
    has: [
      '**#2** [警告] 告警2 — 已确认',
      '张伟 已于 01:50 确认（已派人），复查时间 01:55（**已超时 5m**）',
      '确认后情况有变',
    ],
  },
  {
    name: 'alerts that do not or no longer escalate, snoozed and hidden ones',
    state: () =>
      build({
        alerts: [
          alert(3, { ladder: 'none', rung: null, nextEscalationAt: null }),
          alert(4, {
            nextEscalationAt: null,
            step: 3,
            loop: 1,
            rung: { target: 'government', person: 'P4' },
          }),
          alert(5, { snooze: { by: 'P2', until: NIGHT + HOUR, reason: 'crew on site' }, inhibitedBy: 6 }),
        ],
      }),
    section: 'alerts',
    has: [
      '**#3** [warning] alert 3 — triggered; open 20m; nobody alerted yet; does not escalate',
      'rung 4 (round 2): county government duty office County duty office; ladder exhausted',
      'snoozed until 03:00; hidden behind worse #6',
    ],
  },
  {
    name: 'the worst alert first, closed ones left out',
    state: () =>
      build({
        alerts: [
          alert(7, { severity: 'info' }),
          alert(8, { severity: 'critical', openedAt: NIGHT - 5 * MIN }),
          alert(9, { state: 'closed', closedAt: NIGHT - MIN }),
        ],
      }),
    section: 'alerts',
    has: ['(2)\n\n- **#8** [critical]', '- **#7** [info]'],
    hasNot: ['#9'],
  },
  {
    name: 'reporting clocks, soonest first, with countdown or overdue time',
    state: () =>
      build(
        {
          obligations: [
            obligationFeed(1),
            obligationFeed(2, { kind: 'written', target: 'province', dueAt: NIGHT - 10 * MIN }),
            obligationFeed(3, { state: 'done', doneAt: NIGHT - HOUR }),
          ],
        },
        { incidents: [incident('INC-1', { title: '砖厂坍塌' })] },
      ),
    section: 'clocks',
    has: [
      '(2)\n\n- **#2** INC-1 砖厂坍塌 — written report to the province, due 01:50 (**OVERDUE by 10m**)',
      '- **#1** INC-1 砖厂坍塌 — phone report to the city bureau, due 02:25 (in 25m)',
    ],
    hasNot: ['#3'],
  },
  {
    name: 'a deadline on another local day shows its date',
    state: () => build({ obligations: [obligationFeed(1, { kind: 'followup', dueAt: NIGHT + 23 * HOUR })] }),
    section: 'clocks',
    has: ['follow-up to the city bureau, due 07-21 01:00 (in 23h00m)'],
  },
  {
    name: 'snoozes, running and expired, soonest first',
    state: () =>
      build({
        alerts: [
          alert(1, { snooze: { by: 'P2', until: NIGHT + HOUR, reason: 'crew on site' } }),
          alert(2, { snooze: { by: 'P1', until: NIGHT - 2 * MIN, reason: 'checking' } }),
          alert(3),
        ],
      }),
    section: 'snoozes',
    has: [
      '(2)\n\n- **#2** alert 2 — **EXPIRED** 01:58 (snoozed by Zhang Wei: checking)',
      '- **#1** alert 1 — snoozed by Li Qiang until 03:00 (in 1h00m): crew on site',
    ],
    hasNot: ['#3'],
  },
  {
    name: 'open incidents with level, casualties, township and next deadline',
    state: () =>
      build(
        {
          obligations: [obligationFeed(1, { incident: 'INC-2', dueAt: NIGHT + 40 * MIN }), obligationFeed(2)],
        },
        {
          incidents: [
            incident('INC-1', { title: '塌方', casualties: { ...incident('x').casualties, evacuated: 12 } }),
            incident('INC-2', {
              title: '砖厂坍塌',
              township: 'T2',
              casualties: { ...incident('x').casualties, deaths: 3, injuries: 2 },
            }),
            incident('INC-3', { status: 'closed' }),
          ],
        },
      ),
    section: 'incidents',
    has: [
      '(2)\n\n- **INC-2** 砖厂坍塌 — relatively serious (III); 3 dead, 2 injured; Hekou; open; occurred 30m ago; next report due 02:40 (in 40m)',
      '- **INC-1** 塌方 — ordinary (IV); 12 evacuated; Chengguan; open',
      'next report due 02:25 (in 25m)',
    ],
    hasNot: ['INC-3'],
  },
  {
    name: 'the level name in Chinese',
    lang: 'zh',
    state: () =>
      build(
        {},
        { incidents: [incident('INC-2', { casualties: { ...incident('x').casualties, deaths: 10 } })] },
      ),
    section: 'incidents',
    has: ['重大（II）；死亡10；城关镇；处置中；发生于 30m 前；无待报告'],
  },
  {
    name: 'a station over its warning line, and one that went stale',
    state: () => build({}, { histories: { G1: flat(10.5), R1: flat(95, 60) } }),
    section: 'stations',
    has: [
      '- **G1** Ruhe Bridge (Chengguan) — warning; yellow; 10.50 m; 1.50 m below the guaranteed level (12.00); 0.00 m/h; reading 0s old',
      '- **R1** Baigui Lake Reservoir (Hekou) — stale; last known no colour; 95.00 m',
      '**STALE: no reading since 01:00 (1h00m)**',
    ],
  },
  {
    name: 'a reservoir over its flood limit, and a station never heard from',
    state: () => build({}, { histories: { R1: flat(101.4) } }),
    section: 'stations',
    has: [
      '**R1** Baigui Lake Reservoir (Hekou) — warning; yellow; 101.40 m',
      '0.40 m over the flood limit 101.00',
      '- **G1** Ruhe Bridge (Chengguan) — no data; **no reading ever received**',
    ],
  },
  {
    name: 'normal stations are left out',
    state: () => build({}, { histories: { G1: flat(8), R1: flat(10.2) } }),
    section: 'stations',
    has: ['(0)\n\nNone.'],
  },
  {
    name: 'stock below minimum, counted lines first, never-counted ones grouped per store',
    state: () => build({}, { stock: [stock('W1', 'TENT', 4), stock('W1', 'BAG', 150)] }),
    section: 'stock',
    has: [
      '(2)\n\n- **County depot** — Tent; 4/10 pcs; short by 6 pcs; low',
      '- **Chengguan store** — never counted: Tent 0/2 pcs',
    ],
    hasNot: ['Sandbag'],
  },
  {
    name: 'stock in Chinese units',
    lang: 'zh',
    state: () =>
      build({}, { stock: [stock('W1', 'TENT', 0), stock('W1', 'BAG', 150), stock('W2', 'TENT', 2)] }),
    section: 'stock',
    has: ['- **县救灾物资储备库** — 帐篷；0/10顶；缺 10顶；告急'],
  },
  {
    name: 'notes of the shift with author and subject; other entries and older notes left out',
    state: () =>
      build({
        log: [
          entry(1, { at: NIGHT - 13 * HOUR, text: 'yesterday' }),
          entry(2, { text: 'sandbags\nloaded at W1', alert: 4 }),
          entry(3, { action: 'acknowledged', text: 'not a note' }),
          entry(4, { actor: 'P2', at: NIGHT - 5 * MIN, text: 'call the city at 02:30', incident: 'INC-1' }),
        ],
      }),
    section: 'notes',
    has: [
      'Notes since 07-19 14:00 (2)',
      '- 01:30 **Zhang Wei**: sandbags\n  loaded at W1 (about #4)',
      '- 01:55 **Li Qiang**: call the city at 02:30 (about INC-1)',
    ],
    hasNot: ['yesterday', 'not a note'],
  },
  {
    name: 'while a handover waits, the notes of the outgoing shift',
    state: () =>
      build({ duty: pendingDuty(), log: [entry(1, { at: NIGHT - 13 * HOUR, text: 'last evening' })] }),
    section: 'notes',
    has: ['Notes since 07-18 14:00 (1)', '- 07-19 13:00 **Zhang Wei**: last evening'],
  },
];

describe('handoverMarkdown: sections', () => {
  it.each(ROWS)('$section: $name', ({ state, section, lang, has, hasNot }) => {
    const text = report(state(), lang ?? 'en')[section];
    for (const expected of has) expect(text).toContain(expected);
    for (const unexpected of hasNot ?? []) expect(text).not.toContain(unexpected);
  });
});

// The roster moved on at 02:00 to P5; P1 holds the watch until P5 accepts.
function pendingDuty(): WatchDuty {
  return {
    officer: 'P1',
    leader: 'P2',
    since: NIGHT - 24 * HOUR,
    roster: { officer: 'P5', leader: 'P2', shiftStart: NIGHT - 12 * HOUR, shiftEnd: NIGHT + 12 * HOUR },
    handover: { from: 'P1', to: 'P5', since: NIGHT - 12 * HOUR },
  };
}

describe('handoverMarkdown: the header', () => {
  it.each([
    {
      lang: 'en' as const,
      duty: undefined,
      has: [
        '# Handover report: Test County, 2026-07-20 02:00 (UTC+08:00), on watch: Zhang Wei',
        '- On watch: Zhang Wei (since 01:00)',
        '- Leader on duty: Li Qiang',
        '- Roster: officer Zhang Wei, leader Li Qiang; shift 07-19 14:00 – 14:00',
        '- Handover: none pending',
      ],
    },
    {
      lang: 'en' as const,
      duty: pendingDuty(),
      has: [
        '# Handover report: Test County, 2026-07-20 02:00 (UTC+08:00), Zhang Wei → Zhao Min',
        '- Handover: Zhang Wei → Zhao Min, pending since 07-19 14:00 (12h00m); Zhang Wei stays first on the ladder until Zhao Min accepts',
      ],
    },
    {
      lang: 'zh' as const,
      duty: pendingDuty(),
      has: [
        '# 测试县值班交接报告：2026-07-20 02:00（UTC+08:00），张伟 → 赵敏',
        '- 在岗值班员：张伟（自 07-19 02:00 起）',
        '- 交接：张伟 → 赵敏，待接班确认，自 07-19 14:00 起（已 12h00m）；赵敏 接班前，张伟 仍是告警第一响应人',
      ],
    },
  ])('names the county, the local time and who hands over to whom ($lang)', ({ lang, duty, has }) => {
    const { title } = report(build(duty ? { duty } : {}), lang);
    for (const expected of has) expect(title).toContain(expected);
    expect(title).not.toContain('> ');
  });

  it('warns when nothing has been received, rather than reporting an empty county as quiet', () => {
    const { title } = report(initialWatchState);
    expect(title).toContain('> **No snapshot from the collector yet');
  });

  it('warns when the data may be out of date', () => {
    const lost = reduce(build(), { type: 'conn.lost', at: NIGHT + MIN, reason: 'link closed (1006)' });
    const text = handoverMarkdown(lost, NIGHT + 3 * MIN, { lang: 'en' });
    expect(text).toContain(
      '> **The data may be out of date:** connection reconnecting since 02:01:00, last heard from 3m ago.',
    );
  });

  it('warns when the log no longer reaches back to the start of the shift', () => {
    const log = Array.from({ length: LOG_LIMIT }, (_, i) =>
      entry(i + 1, { action: 'escalated', at: NIGHT - 2 * HOUR + i * 1000 }),
    );
    expect(report(build({ log })).notes).toContain('The log this client holds begins at 00:00');
  });
});

describe('handoverMarkdown: purity', () => {
  it('returns the same text for the same state and time, whatever the local clock says', () => {
    const state = build({ alerts: [alert(1)] }, { histories: { G1: flat(10.5) } });
    const first = handoverMarkdown(state, NIGHT, { lang: 'zh' });
    expect(handoverMarkdown(state, NIGHT, { lang: 'zh' })).toBe(first);
    // A console whose clock is a day off still reports on the collector's time.
    const skewed = reduce(reduce(initialWatchState, server(snapshot(), NIGHT + 24 * HOUR)), {
      type: 'conn.live',
      at: NIGHT + 24 * HOUR,
    });
    expect(handoverMarkdown(skewed, NIGHT + 24 * HOUR, { lang: 'en' })).toContain('2026-07-20 02:00');
  });
});
