/**
 * Control characters of both frame encodings (SL 651-2014 frame control characters; domain-rules §3.4). They
 * are the same single bytes in HEX/BCD and ASCII frames; only the frame start differs (7E 7E or SOH).
 */
export const CONTROL = {
  /** Start of an ASCII frame (a HEX/BCD frame starts with 7E 7E instead). */
  SOH: 0x01,
  /** Start of a single-packet body. */
  STX: 0x02,
  /** Start of one packet of a multi-packet message; 3 bytes of packet info follow. */
  SYN: 0x16,
  /** End of the message: nothing follows. */
  ETX: 0x03,
  /** End of this packet: more packets follow. */
  ETB: 0x17,
  /** Downlink: a query or command that expects an answer. */
  ENQ: 0x05,
  /** Downlink: end of the exchange, the terminal may hang up. */
  EOT: 0x04,
  /** Downlink: packet received, go on. */
  ACK: 0x06,
  /** Downlink: packet not received, send it again. */
  NAK: 0x15,
  /** Downlink: end of the exchange, the terminal stays on line. */
  ESC: 0x1b,
} as const;

/** Every end character a frame may carry. */
export const END_CHARACTERS: ReadonlySet<number> = new Set([
  CONTROL.ETX,
  CONTROL.ETB,
  CONTROL.ENQ,
  CONTROL.EOT,
  CONTROL.ACK,
  CONTROL.NAK,
  CONTROL.ESC,
]);

/** The function codes the gateway acts on (SL 651-2014 function code table). */
export const FUNCTION = {
  keepAlive: 0x2f,
  test: 0x30,
  evenPeriod: 0x31,
  timed: 0x32,
  extra: 0x33,
  hourly: 0x34,
} as const;

/**
 * Function codes whose body is an observation report turned into readings. The test report (30) is left out
 * on purpose: it is sent while commissioning a station and must not reach the duty desk as real water, so it is
 * left unconfirmed and counted.
 */
export const REPORT_FUNCTIONS: ReadonlySet<number> = new Set([
  FUNCTION.evenPeriod,
  FUNCTION.timed,
  FUNCTION.extra,
  FUNCTION.hourly,
]);

/** Station type codes of the report body (domain-rules §3.4). */
export const STATION_TYPES: Readonly<Record<number, string>> = {
  80: 'rain',
  72: 'river',
  75: 'reservoir',
  90: 'sluice',
  68: 'pump',
  84: 'tide',
  77: 'soil',
  71: 'groundwater',
  81: 'quality',
  73: 'intake',
  79: 'outlet',
};

/** Element identifiers that are markers rather than measurements: F0 observation time, F1 station address. */
export const MARKER = { observationTime: 0xf0, stationAddress: 0xf1, manual: 0xf2, picture: 0xf3 } as const;

/**
 * How a terminal expects the centre to answer: 1 self-report (no answer), 2 self-report with confirmation,
 * 3 query-response, 4 debugging. Modes 2–4 are answered alike: the gateway never sends queries itself.
 */
export type WorkMode = 1 | 2 | 3 | 4;
