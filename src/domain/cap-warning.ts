import type { AlertSeverity } from '../protocol/index.js';

/**
 * A CAP warning as it stands now: the original message with every Update applied, or cancelled. The collector
 * keeps these (`cap_threads`); the rules turn the live ones into alerts.
 */
export type CapWarning = {
  id: number;
  /** The sender and identifier of the message that opened the thread: together, the warning's identity. */
  sender: string;
  identifier: string;
  status: 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
  /** Exercise or Test: a drill, run through the whole ladder without paging anyone real. */
  drill: boolean;
  state: 'active' | 'cancelled';
  event: string;
  headline: string | null;
  areaDesc: string;
  urgency: string;
  severity: string;
  certainty: string;
  senderName: string | null;
  instruction: string | null;
  /** When the warning stops being in force by itself (CAP `expires`), or null when it names none. */
  expiresAt: number | null;
  openedAt: number;
  updatedAt: number;
};

/** The alert class of a CAP warning, which picks its ladder: urgency × severity × certainty. */
export type CapClass = 'cap.severe' | 'cap.moderate' | 'cap.minor';

const GRAVE = new Set(['Extreme', 'Severe']);
const SOON = new Set(['Immediate', 'Expected']);
const CREDIBLE = new Set(['Observed', 'Likely']);

/**
 * Severe: grave, soon and credible — the full ladder. Minor: slight, past or unlikely — shown, never escalated
 * (the default config maps `cap.minor` to no ladder). Everything between is moderate.
 */
export function capClass(w: Pick<CapWarning, 'urgency' | 'severity' | 'certainty'>): CapClass {
  if (GRAVE.has(w.severity) && SOON.has(w.urgency) && CREDIBLE.has(w.certainty)) return 'cap.severe';
  const isSlight = w.severity === 'Minor' || w.severity === 'Unknown';
  if (isSlight || w.urgency === 'Past' || w.certainty === 'Unlikely') return 'cap.minor';
  return 'cap.moderate';
}

export const CAP_CLASS_SEVERITY: Readonly<Record<CapClass, AlertSeverity>> = {
  'cap.severe': 'critical',
  'cap.moderate': 'warning',
  'cap.minor': 'info',
};

/** Whether a warning raises an alert at `now`: active, not expired, and meant to be acted on (not System/Draft). */
export function isWarningInForce(w: CapWarning, now: number): boolean {
  if (w.state !== 'active') return false;
  if (w.status !== 'Actual' && !w.drill) return false;
  return w.expiresAt === null || now < w.expiresAt;
}
