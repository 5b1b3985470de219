import type { Config, Item, Station, Warehouse } from '../src/protocol/index.js';

/** Lookups over a validated config, built once per (re)load. */
export type ConfigIndex = {
  config: Config;
  stations: ReadonlyMap<string, Station>;
  warehouses: ReadonlyMap<string, Warehouse>;
  items: ReadonlyMap<string, Item>;
  townships: ReadonlySet<string>;
  /** village code → township code */
  villages: ReadonlyMap<string, string>;
};

/** Indexes a config by code. */
export function indexConfig(config: Config): ConfigIndex {
  const villages = new Map<string, string>();
  for (const t of config.townships) for (const v of t.villages) villages.set(v.code, t.code);
  return {
    config,
    stations: new Map(config.stations.map((s) => [s.code, s])),
    warehouses: new Map(config.warehouses.map((w) => [w.code, w])),
    items: new Map(config.items.map((i) => [i.code, i])),
    townships: new Set(config.townships.map((t) => t.code)),
    villages,
  };
}
