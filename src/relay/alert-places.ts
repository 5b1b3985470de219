import type { CapValuePair } from '../cap/cap-alert.js';
import type { AlertFeed, Snapshot } from '../protocol/index.js';

/**
 * The county's place names as its feed gives them, so the CAP the city reads says 城关镇汝河大桥, not G1
 * (issue 14). Taken from each snapshot and kept in the spool, because a relay that resumes its feed gets deltas
 * only. Plain data: it is stored as JSON.
 */
export type Places = {
  county: { code: string; name: string };
  townships: Record<string, string>;
  stations: Record<string, { name: string; township: string }>;
  warehouses: Record<string, { name: string; township?: string | undefined }>;
};

/** The places of a snapshot. */
export function placesOf(snapshot: Pick<Snapshot, 'county' | 'stations' | 'warehouses'>): Places {
  return {
    county: { code: snapshot.county.code, name: snapshot.county.name },
    townships: Object.fromEntries(snapshot.county.townships.map((t) => [t.code, t.name])),
    stations: Object.fromEntries(
      snapshot.stations.map((s) => [s.code, { name: s.name, township: s.township }]),
    ),
    warehouses: Object.fromEntries(
      snapshot.warehouses.map((w) => [w.code, { name: w.name, township: w.township }]),
    ),
  };
}

/** The CAP `area` of a county alert: where it is, by name, and the county's GB/T 2260 code when it has one. */
export function alertArea(
  places: Places | undefined,
  subject: AlertFeed['subject'],
): { areaDesc: string; geocode: CapValuePair[] } {
  if (!places) return { areaDesc: subject.code, geocode: [] };
  const county = places.county.name;
  // GB/T 2260 codes are six digits; a county configured with another code is not labelled as one.
  const geocode = /^\d{6}$/.test(places.county.code)
    ? [{ valueName: 'GB/T 2260', value: places.county.code }]
    : [];
  const township = (code: string | undefined) => (code === undefined ? '' : (places.townships[code] ?? ''));
  if (subject.kind === 'station') {
    const station = places.stations[subject.code];
    if (station) return { areaDesc: `${county}${township(station.township)}${station.name}`, geocode };
  }
  if (subject.kind === 'stock') {
    const warehouse = places.warehouses[subject.code.split(':')[0] ?? ''];
    if (warehouse) return { areaDesc: `${county}${township(warehouse.township)}${warehouse.name}`, geocode };
  }
  return { areaDesc: county, geocode };
}
