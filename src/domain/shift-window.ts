import type { WatchDuty } from '../protocol/index.js';

/**
 * The audit actions a handover reports besides the open items: what people wrote and did, and how far the
 * alerts climbed. The snapshot's `shiftLog` carries exactly these, however many there are.
 */
export const HANDOVER_ACTIONS: readonly string[] = [
  'note',
  'acknowledged',
  'confirmed',
  'escalated',
  'escalation_request',
  'no_one_on_duty',
  'snoozed',
  'call_logged',
  'resolved',
  'report_sent',
  'auto_un_ack',
  'snooze_expired',
];

/**
 * Where the shift being handed over began. While a handover waits, the roster has already moved on to the
 * incoming pair, so the outgoing officer's shift is the one before the roster's current one.
 */
export function shiftStartOf(duty: WatchDuty): number {
  const { shiftStart, shiftEnd } = duty.roster;
  return duty.handover ? shiftStart - (shiftEnd - shiftStart) : shiftStart;
}
