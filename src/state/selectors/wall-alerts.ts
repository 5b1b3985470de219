import { DAY_MS } from '../../domain/local-time.js';
import type { AlertFeed } from '../../protocol/index.js';
import { type WallList, wallList } from './wall-list.js';
import type { WallTone } from './wall-tone.js';
import type { WallWords } from './wall-words.js';

/** Alert log row. */
export type AlertLine = { time: string; tone: WallTone; state: string; title: string; who: string };

/** The alerts the wall shows (none inhibited by another), and of those the ones waiting for someone and the ones taken. */
export type AlertGroups = { visible: AlertFeed[]; triggered: AlertFeed[]; acked: AlertFeed[] };

/** The alerts page: the log, with a one-line count of each state. */
/** `moreText(n)` is the last row when `n` alerts do not fit ("另有 34 条"): a full page must not read as all. */
export type AlertsPage = WallList<AlertLine> & { summary: string; moreText: (n: number) => string };

/** The alerts grouped at the collector's time `at`: a snoozed alert does not count as waiting until its snooze ends. */
export function groupAlerts(alerts: Iterable<AlertFeed>, at: number): AlertGroups {
  const visible = [...alerts].filter((a) => a.inhibitedBy === null);
  return {
    visible,
    triggered: visible.filter((a) => a.state === 'triggered' && !(a.snooze && a.snooze.until > at)),
    acked: visible.filter((a) => a.state === 'acknowledged'),
  };
}

/** The alerts page at the collector's time `at`; `person` names a person by id. */
export function alertsPage(
  alerts: AlertGroups,
  at: number,
  t: WallWords,
  clock: (ms: number) => string,
  person: (id: string) => string,
  maxRows: number,
): AlertsPage {
  return {
    ...wallList(t.titles.alerts, alertLines(alerts.visible, at, t, clock, person), maxRows, t.noAlerts),
    summary: t.alertSummary(
      alerts.triggered.length,
      alerts.acked.length,
      alerts.visible.filter((a) => a.state === 'closed').length,
    ),
    moreText: t.more,
  };
}

const ALERT_TONE: Readonly<Record<AlertFeed['severity'], WallTone>> = {
  critical: 'danger',
  warning: 'warning',
  info: 'info',
};

// Open alerts first (unacknowledged before acknowledged), then the day's closed ones; newest first in each.
function alertLines(
  alerts: AlertFeed[],
  at: number,
  t: WallWords,
  clock: (ms: number) => string,
  person: (id: string) => string,
): AlertLine[] {
  const rank = { triggered: 0, acknowledged: 1, closed: 2 } as const;
  const hhmm = (ms: number) => clock(ms).slice(0, 5);
  return alerts
    .filter((a) => a.state !== 'closed' || (a.closedAt ?? a.updatedAt) > at - DAY_MS)
    .sort((a, b) => rank[a.state] - rank[b.state] || b.openedAt - a.openedAt || b.id - a.id)
    .map((a) => {
      let who = '';
      if (a.ack) who = t.acked(person(a.ack.by), hhmm(a.ack.at));
      else if (a.snooze && a.snooze.until > at) who = t.snoozed(hhmm(a.snooze.until));
      else if (a.rung?.person) who = t.notified(person(a.rung.person));
      return {
        time: hhmm(a.openedAt),
        tone: a.state === 'closed' ? 'stale' : ALERT_TONE[a.severity],
        state: `${t.severity[a.severity]} ${t.state[a.state]}`,
        title: t.names === 'zh' ? a.title.zh : a.title.en,
        who,
      };
    });
}
