import type { AlertSeverity, AlertSubject, Bilingual } from '../../protocol/index.js';

/** Whether a condition is met outright (`set`) or only inside its hysteresis band (`hold`). */
export type ConditionStatus = 'set' | 'hold';

/** Which direction of the value counts as getting worse. */
export type WorseWhen = 'higher' | 'lower';

/** An inhibition slot: within one group the highest-ranked open alert hides the lower-ranked ones. */
export type InhibitSlot = { group: string; rank: number };

/**
 * What one rule found about one subject at one instant. A key absent from a rule's output means the condition is
 * clear; `hold` means "keep an open alert open, but open nothing new".
 */
export type Condition = {
  /** The dedup key, e.g. `water.warning:ST-RH-02`: at most one open alert per key. */
  key: string;
  /** The rule id, e.g. `water.warning`; escalation ladders are chosen by class prefix. */
  class: string;
  severity: AlertSeverity;
  subject: AlertSubject;
  /** Names the place, the figure and the line, in both languages. */
  title: Bilingual;
  /** What the officer should do, in both languages. */
  action: Bilingual;
  /** The measured value (a level, a rate, a quantity, a level number), or null when there is none. */
  value: number | null;
  /** Which way `value` gets worse; higher when left out. */
  worseWhen?: WorseWhen;
  /** A fixed bound beyond which (in the `worseWhen` direction) new data counts as worse, instead of the ack value. */
  worseThan?: number;
  status: ConditionStatus;
  /** Whether the alert closes by itself once the condition has stayed clear for the minimum hold time. */
  autoClose: boolean;
  inhibit?: InhibitSlot;
  /** An exercise: the alert climbs its ladder as usual, but nobody real is paged. */
  drill?: boolean;
  /** Shown to the officer, never escalated whatever the configured ladders say (a suspect reading). */
  neverEscalates?: true;
};

/** One rule class's fixed attributes: everything of a condition that does not depend on the data. */
export type RuleClass = {
  class: string;
  severity: AlertSeverity;
  autoClose: boolean;
  action: Bilingual;
  worseWhen?: WorseWhen;
  neverEscalates?: true;
};

/** Builds a condition of `rule` about one subject; the key is the class, `:`, then `keySuffix`. */
export function conditionOf(
  rule: RuleClass,
  keySuffix: string,
  fields: {
    subject: AlertSubject;
    title: Bilingual;
    value: number | null;
    status: ConditionStatus;
    inhibit?: InhibitSlot;
  },
): Condition {
  const condition: Condition = {
    key: `${rule.class}:${keySuffix}`,
    class: rule.class,
    severity: rule.severity,
    subject: fields.subject,
    title: fields.title,
    action: rule.action,
    value: fields.value,
    status: fields.status,
    autoClose: rule.autoClose,
  };
  // Optional fields are left out rather than set to undefined, so equality checks and JSON stay clean.
  if (rule.worseWhen) condition.worseWhen = rule.worseWhen;
  if (rule.neverEscalates) condition.neverEscalates = true;
  if (fields.inhibit) condition.inhibit = fields.inhibit;
  return condition;
}
