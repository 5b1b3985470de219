import type { Reading } from '../../src/protocol/index.js';
import type { Db } from '../db/open-database.js';
import { readingPoint } from '../live/reading-point.js';
import type { Change } from './changes.js';

/** Prepares the insert for water readings. */
export function createReadingWriter(db: Db) {
  const insert = db.prepare(
    `INSERT INTO readings (journal_seq, station, observed_at, received_at, level, flow, rain, sensor_fault)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (msg: Reading, seq: number, receivedAt: number): Change[] => {
    const at = Date.parse(msg.observedAt);
    insert.run(
      seq,
      msg.station,
      at,
      receivedAt,
      msg.level,
      msg.flow ?? null,
      msg.rain ?? null,
      msg.sensorFault ? 1 : 0,
    );
    const reading = readingPoint(at, msg.level, msg.rain, msg.sensorFault === true);
    return [{ kind: 'reading', station: msg.station, reading }];
  };
}
