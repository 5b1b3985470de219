import { statSync } from 'node:fs';

export type Gauge = { name: string; help: string; value: number };

/** Resident memory and heap, so a leak under bad input or idle connections shows on a dashboard. */
export function processGauges(): Gauge[] {
  const memory = process.memoryUsage();
  return [
    { name: 'process_resident_memory_bytes', help: 'Resident memory size, bytes', value: memory.rss },
    { name: 'nodejs_heap_used_bytes', help: 'V8 heap in use, bytes', value: memory.heapUsed },
    { name: 'nodejs_heap_total_bytes', help: 'V8 heap reserved, bytes', value: memory.heapTotal },
  ];
}

/** The database file plus its WAL, bytes. */
export function databaseBytes(path: string): number {
  let total = 0;
  for (const file of [path, `${path}-wal`]) {
    try {
      total += statSync(file).size;
    } catch {
      // The WAL does not exist between checkpoints; that is fine.
    }
  }
  return total;
}

/** What `/metrics` adds to the counters: the database's size and state, backups, and the process's memory. */
export function collectorGauges(parts: { dbPath: string; storageOk: boolean; backup: Gauge[] }): Gauge[] {
  return [
    {
      name: 'dutywatch_database_bytes',
      help: 'Database file plus WAL, bytes',
      value: databaseBytes(parts.dbPath),
    },
    {
      name: 'dutywatch_storage_ok',
      help: 'Whether the database takes writes (0 while full or failing)',
      value: parts.storageOk ? 1 : 0,
    },
    ...parts.backup,
    ...processGauges(),
  ];
}
