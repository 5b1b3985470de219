import { Refusal } from '../refusal.js';

/** The refusal for an update or a dispatch that names an incident nobody has reported yet. */
export function unknownIncident(code: string): Refusal {
  return new Refusal(
    'UNKNOWN_REFERENCE',
    `incident: no incident "${code}" has been reported; send an incident.report first`,
    'incident',
  );
}
