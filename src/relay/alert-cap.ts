import type { CapAlert, CapReference } from '../cap/cap-alert.js';
import { formatCapTime } from '../cap/parse-cap.js';
import { writeCap } from '../cap/write-cap.js';
import type { AlertFeed, CapMessage } from '../protocol/index.js';
import { alertArea, type Places } from './alert-places.js';
import { alertDescription, alertEvent } from './alert-words.js';

// GB/T 35965.1 writes warnings in Beijing time.
const BEIJING = '+08:00';

/** The alerts the city hears about: physical and incident alerts worth its attention, not the desk's own bookkeeping. */
const FORWARDED_SUBJECTS: ReadonlySet<AlertFeed['subject']['kind']> = new Set([
  'station',
  'stock',
  'incident',
]);

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

/**
 * Who the county's alerts say they are from: the CAP `sender`, the name a person reads (`senderName`; by default
 * the county's name and 应急管理局), and the county's place names, for the area a city officer reads.
 */
export type AlertIssuer = { sender: string; senderName?: string | undefined; places?: Places | undefined };

function capOf(
  alert: AlertFeed,
  { sender, senderName, places }: AlertIssuer,
  msgType: 'Alert' | 'Cancel',
  references: CapReference[],
): CapAlert {
  const at = msgType === 'Alert' ? alert.openedAt : (alert.closedAt ?? alert.updatedAt);
  const critical = alert.severity === 'critical';
  const { event, category } = alertEvent(alert);
  const { areaDesc, geocode } = alertArea(places, alert.subject);
  const countyName = places?.county.name ?? '';
  const name = senderName ?? (countyName ? `${countyName}应急管理局` : undefined);
  const ended = msgType === 'Cancel' ? '【已解除】' : '';
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
        // Every text below is Chinese, as the language says: the city's officers read it (issue 14).
        language: 'zh-CN',
        category: [category],
        event,
        responseType: msgType === 'Cancel' ? ['AllClear'] : [],
        urgency: msgType === 'Cancel' ? 'Past' : critical ? 'Immediate' : 'Expected',
        severity: critical ? 'Severe' : 'Moderate',
        certainty: 'Observed',
        eventCode: [],
        ...(name ? { senderName: name } : {}),
        headline: `${ended}${alert.title.zh}`,
        description: `${ended}${alertDescription(alert, countyName, areaDesc)}`,
        instruction: msgType === 'Cancel' ? '告警已解除，无需继续处置。' : alert.action.zh,
        // The desk's own keys stay machine-readable here, out of what a person reads.
        parameter: [
          { valueName: 'dutywatch:alertKey', value: alert.key },
          { valueName: 'dutywatch:alertClass', value: alert.class },
          { valueName: `dutywatch:${alert.subject.kind}`, value: alert.subject.code },
          ...(alert.value !== null ? [{ valueName: 'dutywatch:value', value: String(alert.value) }] : []),
        ],
        resource: [],
        area: [{ areaDesc, polygon: [], circle: [], geocode }],
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
