import type { CapCategory } from './cap-alert.js';

/**
 * How an incident kind reads in a CAP export: its Chinese event name and CAP category. CAP 1.2 puts floods
 * under Met ("Meteorological (inc. flood)") and landslides under Geo ("Geophysical (inc. landslide)").
 */
type KindEntry = { zh: string; category: CapCategory };

const KINDS: Readonly<Record<string, KindEntry>> = {
  flood: { zh: '洪涝灾害', category: 'Met' },
  flash_flood: { zh: '山洪灾害', category: 'Met' },
  waterlogging: { zh: '城市内涝', category: 'Met' },
  rainstorm: { zh: '暴雨', category: 'Met' },
  typhoon: { zh: '台风', category: 'Met' },
  drought: { zh: '干旱', category: 'Met' },
  hail: { zh: '冰雹', category: 'Met' },
  gale: { zh: '大风', category: 'Met' },
  lightning: { zh: '雷电', category: 'Met' },
  snowstorm: { zh: '暴雪', category: 'Met' },
  cold_wave: { zh: '寒潮', category: 'Met' },
  heat_wave: { zh: '高温', category: 'Met' },
  landslide: { zh: '滑坡', category: 'Geo' },
  debris_flow: { zh: '泥石流', category: 'Geo' },
  collapse: { zh: '崩塌', category: 'Geo' },
  ground_subsidence: { zh: '地面塌陷', category: 'Geo' },
  earthquake: { zh: '地震', category: 'Geo' },
  fire: { zh: '火灾', category: 'Fire' },
  forest_fire: { zh: '森林火灾', category: 'Fire' },
  traffic: { zh: '道路交通事故', category: 'Transport' },
  production_safety: { zh: '生产安全事故', category: 'Safety' },
  house_collapse: { zh: '房屋倒塌', category: 'Safety' },
  drowning: { zh: '溺水', category: 'Rescue' },
  public_health: { zh: '突发公共卫生事件', category: 'Health' },
};

/** The event name and category for `kind`; an unknown kind keeps its own name and falls under Other. */
export function kindEntry(kind: string, incidentCategory: string): KindEntry {
  if (Object.hasOwn(KINDS, kind)) return KINDS[kind]!;
  // A public-health incident of a kind not listed is still a Health matter.
  return { zh: kind, category: incidentCategory === 'public_health' ? 'Health' : 'Other' };
}
