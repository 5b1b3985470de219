import type { Config, ResponsiblePerson, ResponsibleRole } from '../../protocol/index.js';
import { ROLE_RANK } from './roles.js';

/** One person a call-out reaches, with what the screens and the chase need to say about them. */
export type RecipientPlan = {
  person: string;
  name: string;
  role: ResponsibleRole | 'duty';
  township: string | null;
  village: string | null;
  station: string | null;
  /** Where they answer for, as people say it: 沙口镇, 沙口镇周店村, 白鹭湖水库. Empty for the county. */
  place: string;
  phone: string | null;
  email: string | null;
  channels: string[];
  drill: boolean;
};

/** Whom a call-out is for: a station's evacuation area, named places, or named persons (groups, duty staff). */
export type CalloutTarget =
  | { kind: 'station'; station: string }
  | { kind: 'places'; townships: readonly string[]; villages: readonly string[] }
  | { kind: 'persons'; persons: readonly string[] };

type Places = Pick<Config, 'townships' | 'stations' | 'people' | 'notify'>;

/**
 * Everyone a call-out to `target` reaches, each once, most important first (the county's leaders, then the
 * township heads, …). A station reaches the county flood HQ, its township and the townships and villages of its
 * evacuation area, and its own project's responsible persons; a township reaches its own persons and those of
 * all its villages; a village reaches its own and its township's. `includeCounty` adds the county flood HQ to
 * a call-out to places (the rule phones the same level's leader at once).
 */
export function planRecipients(config: Places, target: CalloutTarget, includeCounty = true): RecipientPlan[] {
  const { notify } = config;
  const villageTownship = new Map<string, string>();
  for (const t of config.townships) for (const v of t.villages) villageTownship.set(v.code, t.code);
  const chosen = new Map<string, RecipientPlan>();
  const add = (p: ResponsiblePerson) => {
    if (!chosen.has(p.id)) chosen.set(p.id, fromResponsible(config, p, villageTownship));
  };
  const reachPlaces = (
    townships: Set<string>,
    villages: Set<string>,
    stations: Set<string>,
    county: boolean,
  ) => {
    for (const p of notify.responsible) {
      const level = p.role.split('.')[0];
      if (level === 'county' && county) add(p);
      if (level === 'township' && p.township && townships.has(p.township)) add(p);
      if (level === 'village' && p.village && villages.has(p.village)) add(p);
      if (level === 'project' && p.station && stations.has(p.station)) add(p);
    }
  };
  switch (target.kind) {
    case 'station': {
      const station = config.stations.find((s) => s.code === target.station);
      const area = notify.areas[target.station] ?? { townships: [], villages: [] };
      const villages = new Set(area.villages);
      const townships = new Set([...(station ? [station.township] : []), ...area.townships]);
      for (const v of villages) {
        const t = villageTownship.get(v);
        if (t) townships.add(t);
      }
      reachPlaces(townships, villages, new Set([target.station]), true);
      break;
    }
    case 'places': {
      const townships = new Set(target.townships);
      const villages = new Set(target.villages);
      for (const t of config.townships) {
        if (townships.has(t.code)) for (const v of t.villages) villages.add(v.code);
      }
      for (const v of target.villages) {
        const t = villageTownship.get(v);
        if (t) townships.add(t);
      }
      reachPlaces(townships, villages, new Set(), includeCounty);
      break;
    }
    case 'persons': {
      // Maps, not `find`: a group may name hundreds of the county's persons.
      const responsibleById = new Map(notify.responsible.map((p) => [p.id, p]));
      const staffById = new Map(config.people.map((p) => [p.id, p]));
      for (const id of target.persons) {
        const responsible = responsibleById.get(id);
        if (responsible) add(responsible);
        const staff = staffById.get(id);
        if (staff && !chosen.has(id)) {
          const contact = notify.duty[id];
          chosen.set(id, {
            person: id,
            name: staff.name,
            role: 'duty',
            township: null,
            village: null,
            station: null,
            place: staff.title ?? '',
            phone: staff.phone ?? null,
            email: contact?.email ?? null,
            channels: contact?.channels ?? [],
            drill: contact?.drill ?? false,
          });
        }
      }
      break;
    }
  }
  return [...chosen.values()].sort(
    (a, b) =>
      ROLE_RANK[a.role] - ROLE_RANK[b.role] ||
      a.place.localeCompare(b.place) ||
      a.person.localeCompare(b.person),
  );
}

function fromResponsible(
  config: Places,
  p: ResponsiblePerson,
  villageTownship: ReadonlyMap<string, string>,
): RecipientPlan {
  const township = p.township ?? (p.village ? (villageTownship.get(p.village) ?? null) : null);
  const t = config.townships.find((x) => x.code === township);
  const v = t?.villages.find((x) => x.code === p.village);
  const station = config.stations.find((s) => s.code === p.station);
  const place = station ? station.name : `${t?.name ?? ''}${v?.name ?? ''}`;
  return {
    person: p.id,
    name: p.name,
    role: p.role,
    township,
    village: p.village ?? null,
    station: p.station ?? null,
    place,
    phone: p.phone,
    email: p.email ?? null,
    channels: p.channels,
    drill: p.drill,
  };
}

/**
 * The townships a CAP warning's area names: CAP's `areaDesc` is free text (`沙口镇、韩庄镇`), so a township is
 * covered when its name, or its ASCII name, appears in it. A whole-county area (the county's name) covers all.
 */
export function townshipsInArea(
  areaDesc: string,
  county: { name: string },
  townships: readonly { code: string; name: string; nameAscii: string }[],
): string[] {
  const text = areaDesc.toLowerCase();
  const named = townships.filter(
    (t) => areaDesc.includes(t.name) || text.includes(t.nameAscii.toLowerCase()),
  );
  if (named.length > 0) return named.map((t) => t.code);
  return areaDesc.includes(county.name) ? townships.map((t) => t.code) : [];
}
