import { type IncidentLevel, isSeriousIncident } from '../../domain/incident-level.js';

/** How loud an incident is drawn: serious (较大 and above, or 较大涉险) or ordinary (一般). */
export type IncidentTone = 'serious' | 'ordinary';

/** The one answer both UIs draw an incident's level with (issue 18: they used to disagree on 较大 and 较大涉险). */
export function incidentTone(incident: {
  level: IncidentLevel;
  majorRisk: readonly unknown[];
}): IncidentTone {
  return isSeriousIncident(incident.level, incident.majorRisk) ? 'serious' : 'ordinary';
}

/**
 * Each UI's tone for an incident tone, side by side so they cannot drift: the console's and the wall's loudest
 * tone for a serious incident, their plain one for an ordinary one.
 */
export const INCIDENT_TONE_IN = {
  console: { serious: 'critical', ordinary: undefined },
  wall: { serious: 'danger', ordinary: 'watch' },
} as const;
