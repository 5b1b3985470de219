// Ingest messages on the test county (test-config.ts) that many tests send unchanged but for their id.

/** A normal reading of gauge G1 (9 m), observed a minute ago. */
export const g1Reading = (id: string) => ({
  type: 'reading',
  id,
  station: 'G1',
  observedAt: new Date(Date.now() - 60_000).toISOString(),
  level: 9,
});

/** A first report of flooding in 城关镇 (T1): one hurt, four trapped, thirty evacuated. */
export const chengguanFloodReport = (code: string, occurredAt: number) => ({
  type: 'incident.report',
  id: `rep-${code}`,
  incident: code,
  category: 'natural',
  kind: 'flood',
  title: '城关镇东村内涝',
  township: 'T1',
  occurredAt: new Date(occurredAt).toISOString(),
  casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 1, trapped: 4, evacuated: 30 },
  directLossYuan: 0,
});
