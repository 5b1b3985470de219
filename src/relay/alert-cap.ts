import type { CapAlert, CapCategory, CapReference } from '../cap/cap-alert.js';
import { formatCapTime } from '../cap/parse-cap.js';
import { writeCap } from '../cap/write-cap.js';
import type { AlertFeed, CapMessage } from '../protocol/index.js';

// GB/T 35965.1 writes warnings in Beijing time.
const BEIJING = '+08:00';

/** The alerts the city hears about: physical and incident alerts worth its attention, not the desk's own bookkeeping. */
const FORWARDED_SUBJECTS: ReadonlySet<AlertFeed['subject']['kind']> = new Set([
  'station',
  'stock',
  'incident',
]);

const CATEGORY: Readonly<Record<string, CapCategory>> = {
  station: 'Met',
  stock: 'Rescue',
  incident: 'Safety',
};

/**
 * Whether an alert goes upward. Critical and warning alerts about stations, stock and incidents do, unless a
 * worse one hides them; info alerts, bookkeeping (duty, reporting clocks, silent sources) and CAP warnings do
 * not — a CAP warning came from outside the county, and sending it back up would echo it, or loop it between platforms.
 */
export function isForwardedAlert(alert: AlertFeed): boolean {
  // One alert hidden behind a worse one on the same subject (警戒 behind 保证) is the county's noise, not the
  // city's: it goes up only if it is still open once released. Closed, it always goes (as a Cancel, harmless
  // where its Alert never arrived).
  if (alert.inhibitedBy !== null && alert.state !== 'closed') return false;
  return alert.severity !== 'info' && FORWARDED_SUBJECTS.has(alert.subject.kind);
}

/** The CAP identifier of a county alert: its id and the instant it opened, unique for the county's database. */
export const alertCapIdentifier = (alert: Pick<AlertFeed, 'id' | 'openedAt'>) =>
  `dutywatch-alert-${alert.id}-${alert.openedAt}`;

/** Who the county's alerts say they are from: the CAP `sender`, and the name a person reads (`senderName`). */
export type AlertIssuer = { sender: string; senderName?: string | undefined };

function capOf(
  alert: AlertFeed,
  { sender, senderName }: AlertIssuer,
  msgType: 'Alert' | 'Cancel',
  references: CapReference[],
): CapAlert {
  const at = msgType === 'Alert' ? alert.openedAt : (alert.closedAt ?? alert.updatedAt);
  const critical = alert.severity === 'critical';
  return {
    identifier: msgType === 'Alert' ? alertCapIdentifier(alert) : `${alertCapIdentifier(alert)}-cancel`,
    sender,
    sent: formatCapTime(at, BEIJING),
    status: alert.drill ? 'Exercise' : 'Actual',
    msgType,
    scope: 'Public',
    code: [],
    references,
    info: [
      {
        language: 'zh-CN',
        category: [CATEGORY[alert.subject.kind] ?? 'Other'],
        event: alert.class,
        responseType: msgType === 'Cancel' ? ['AllClear'] : [],
        urgency: msgType === 'Cancel' ? 'Past' : critical ? 'Immediate' : 'Expected',
        severity: critical ? 'Severe' : 'Moderate',
        certainty: 'Observed',
        eventCode: [],
        ...(senderName ? { senderName } : {}),
        headline: alert.title.zh,
        description: alert.title.en,
        instruction: alert.action.zh,
        parameter: [
          { valueName: 'dutywatch:alertKey', value: alert.key },
          ...(alert.value !== null ? [{ valueName: 'dutywatch:value', value: String(alert.value) }] : []),
        ],
        resource: [],
        area: [{ areaDesc: alert.subject.code, polygon: [], circle: [], geocode: [] }],
      },
    ],
  };
}

/**
 * The CAP messages for one state of a county alert: an `Alert` while it is open, a `Cancel` referencing it once
 * it is closed. Both are derived again on every change of the alert with the same ids, and the spool keeps the
 * first; a Cancel whose Alert the city never saw (the alert opened and closed between two feed frames) is stored
 * there and changes nothing.
 */
export function alertCapMessages(alert: AlertFeed, issuer: AlertIssuer): CapMessage[] {
  const original = capOf(alert, issuer, 'Alert', []);
  if (alert.state !== 'closed')
    return [{ type: 'cap', id: `cap:${original.identifier}`, xml: writeCap(original) }];
  const cancel = capOf(alert, issuer, 'Cancel', [
    { sender: issuer.sender, identifier: original.identifier, sent: original.sent },
  ]);
  return [{ type: 'cap', id: `cap:${cancel.identifier}`, xml: writeCap(cancel) }];
}
