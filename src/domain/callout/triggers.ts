import type { CalloutTriggers } from '../../protocol/index.js';
import type { CalloutTarget } from './recipients.js';

/** What the trigger rules read of an alert that just opened. */
export type OpenedAlert = {
  class: string;
  subject: { kind: string; code: string };
  title: string;
  drill: boolean;
};

/** Facts about the alert's subject the server looks up. */
export type TriggerFacts = {
  /** The station's rate of rise is positive now (undefined: not enough readings to tell). */
  isRising?: boolean;
  /** The CAP warning's severity and the townships its area names. */
  cap?: { severity: string; townships: readonly string[] };
  /** The incident's place. */
  incident?: { township: string; village: string | null };
};

/** A call-out a trigger asks for; `key` makes it one per subject while it is open. */
export type CalloutDecision = {
  key: string;
  trigger: 'station' | 'cap' | 'incident';
  target: CalloutTarget;
  title: string;
  drill: boolean;
};

const OVER_LIMIT = 'reservoir.over_limit';

/**
 * Whether an alert that just opened starts a call-out, and to whom: a station at one of the configured classes
 * (保证, record, near design …) or a reservoir over 汛限 while rising reaches the station's evacuation area; a CAP
 * warning of a configured severity reaches the townships its area names; an incident at 较大 or above
 * (`incident.reportable`) reaches its township and village.
 */
export function calloutFor(
  alert: OpenedAlert,
  facts: TriggerFacts,
  triggers: CalloutTriggers,
): CalloutDecision | undefined {
  const base = { title: alert.title, drill: alert.drill };
  if (alert.subject.kind === 'station' && triggers.station.enabled) {
    const isLine = triggers.station.classes.includes(alert.class);
    const isRisingOverLimit =
      alert.class === OVER_LIMIT && triggers.station.overFloodLimitRising && facts.isRising === true;
    if (!isLine && !isRisingOverLimit) return undefined;
    const station = alert.subject.code;
    return { ...base, key: `station:${station}`, trigger: 'station', target: { kind: 'station', station } };
  }
  if (alert.subject.kind === 'cap' && triggers.cap.enabled && facts.cap) {
    const severities: readonly string[] = triggers.cap.severities;
    if (!severities.includes(facts.cap.severity) || facts.cap.townships.length === 0) return undefined;
    return {
      ...base,
      key: `cap:${alert.subject.code}`,
      trigger: 'cap',
      target: { kind: 'places', townships: facts.cap.townships, villages: [] },
    };
  }
  if (alert.class === 'incident.reportable' && triggers.incident.enabled && facts.incident) {
    const { township, village } = facts.incident;
    return {
      ...base,
      key: `incident:${alert.subject.code}`,
      trigger: 'incident',
      target: village
        ? { kind: 'places', townships: [], villages: [village] }
        : { kind: 'places', townships: [township], villages: [] },
    };
  }
  return undefined;
}
