// Table-driven CRC-16/MODBUS: one lookup per byte instead of eight shifts.
const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    table[n] = crc;
  }
  return table;
}

/**
 * CRC-16/MODBUS (init 0xFFFF, reflected polynomial 0xA001) of `bytes[start, end)`: the check SL 651-2014 puts
 * at the end of every HEX/BCD frame, computed from the first 7E through the end character.
 */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc = (crc >>> 8) ^ (TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return crc;
}
