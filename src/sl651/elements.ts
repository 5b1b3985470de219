import type { ValueFormat } from './bcd.js';

/** What an element measures, as far as the gateway cares. */
export type ElementKind = 'level' | 'rain' | 'flow' | 'voltage' | 'status' | 'other';

/** One entry of the element table: SL 651 mnemonic, Chinese name, kind, wire encoding and usual layout. */
export type ElementInfo = {
  code: string;
  name: string;
  kind: ElementKind;
  /** BCD digits (most elements) or a plain big-endian bit field (45 ZT). */
  encoding: 'bcd' | 'hex';
  /** The definition terminals usually send, e.g. 39 → 4 bytes, 3 decimals (`39 23`). */
  format: ValueFormat;
};

/** Element ids the readings are made of (SL 651-2014 element table; domain-rules §3.4). */
export const ELEMENT = {
  /** 04 DRxnn: the time step of a 31 evenly-spaced report, dhm in BCD. */
  timeStep: 0x04,
  riverLevel: 0x39,
  downstreamLevel: 0x3a,
  reservoirLevel: 0x3b,
  rain1h: 0x1a,
  rain2h: 0x1b,
  rain3h: 0x1c,
  rain6h: 0x1d,
  rain12h: 0x1e,
  rainDay: 0x1f,
  rainCurrent: 0x20,
  rain1min: 0x21,
  rain5minPeriod: 0x22,
  rain10min: 0x23,
  rain30min: 0x24,
  rainTotal: 0x26,
  flow: 0x27,
  voltage: 0x38,
  status: 0x45,
  /** F4 DRP: the hour's twelve 5-minute rain totals. */
  rain5min: 0xf4,
  /** F5 DRZ1: the hour's twelve 5-minute relative levels (river level, or the level above a dam or sluice). */
  relativeLevel1: 0xf5,
} as const;

/** The element id at `pos` and where what follows it starts: FF xx is an extended (user-defined) element id. */
export function readElementId(body: Buffer, pos: number): { id: number; next: number } {
  const first = body[pos] ?? 0;
  if (first !== 0xff) return { id: first, next: pos + 1 };
  return { id: 0xff00 | (body[pos + 1] ?? 0), next: pos + 2 };
}

/** True for F4 DRP and F5–FC DRZ1–DRZ8, the hour's twelve 5-minute values (SL 651-2014 table C.1). */
export function isFiveMinuteSeries(id: number): boolean {
  return id >= ELEMENT.rain5min && id <= 0xfc;
}

// Rainfall and level elements each share one usual definition (rain 3 bytes / 1 decimal, level 4 / 3).
const bcdElement =
  (kind: ElementKind, format: ValueFormat) =>
  (code: string, name: string): ElementInfo => ({ code, name, kind, encoding: 'bcd', format: { ...format } });
const rain = bcdElement('rain', { bytes: 3, decimals: 1 });
const level = bcdElement('level', { bytes: 4, decimals: 3 });

/** The element table: every id the gateway names. Others are decoded by their definition byte alone. */
export const ELEMENTS: ReadonlyMap<number, ElementInfo> = new Map<number, ElementInfo>([
  [ELEMENT.rain1h, rain('P1', '1小时时段降水量')],
  [ELEMENT.rain2h, rain('P2', '2小时时段降水量')],
  [ELEMENT.rain3h, rain('P3', '3小时时段降水量')],
  [ELEMENT.rain6h, rain('P6', '6小时时段降水量')],
  [ELEMENT.rain12h, rain('P12', '12小时时段降水量')],
  [ELEMENT.rainDay, rain('PD', '日降水量')],
  [ELEMENT.rainCurrent, rain('PJ', '当前降水量')],
  [ELEMENT.rainTotal, rain('PT', '降水量累计值')],
  [ELEMENT.rain1min, rain('PN01', '1分钟时段降水量')],
  [ELEMENT.rain5minPeriod, rain('PN05', '5分钟时段降水量')],
  [ELEMENT.rain10min, rain('PN10', '10分钟时段降水量')],
  [ELEMENT.rain30min, rain('PN30', '30分钟时段降水量')],
  [
    ELEMENT.flow,
    { code: 'Q', name: '瞬时流量', kind: 'flow', encoding: 'bcd', format: { bytes: 5, decimals: 3 } },
  ],
  [
    ELEMENT.voltage,
    { code: 'VT', name: '电源电压', kind: 'voltage', encoding: 'bcd', format: { bytes: 2, decimals: 2 } },
  ],
  [ELEMENT.riverLevel, level('Z', '瞬时河道水位')],
  [ELEMENT.downstreamLevel, level('ZB', '库(闸、站)下水位')],
  [ELEMENT.reservoirLevel, level('ZU', '库(闸、站)上水位')],
  [
    ELEMENT.status,
    {
      code: 'ZT',
      name: '遥测站状态及报警信息',
      kind: 'status',
      encoding: 'hex',
      format: { bytes: 4, decimals: 0 },
    },
  ],
]);

/**
 * The named bits of 45 ZT, bit 0 first (SL 651-2014 status and alarm table). A set bit means: AC power lost,
 * battery low, level over limit, flow over limit, quality over limit, flow sensor faulty, level sensor faulty,
 * box door closed, memory faulty, IC card valid, pump off, remaining water low.
 */
export const ALARM_BITS = [
  'acPowerLost',
  'batteryLow',
  'levelOverLimit',
  'flowOverLimit',
  'qualityOverLimit',
  'flowSensorFault',
  'levelSensorFault',
  'doorClosed',
  'memoryFault',
  'icCardValid',
  'pumpOff',
  'remainingWaterLow',
] as const;
/** The name of one ZT bit. */
export type AlarmBit = (typeof ALARM_BITS)[number];

/** The names of the bits set in a ZT value, in bit order. */
export function alarmFlags(bits: number): AlarmBit[] {
  return ALARM_BITS.filter((_, i) => ((bits >>> i) & 1) === 1);
}

/** True when ZT reports the level sensor faulty: the level in that report is not to be trusted. */
export function hasLevelSensorFault(bits: number): boolean {
  return alarmFlags(bits).includes('levelSensorFault');
}

// The 5-minute series are HEX, not BCD, so they are named here rather than in ELEMENTS (decoded in decode.ts).
const SERIES_CODES: Readonly<Record<number, string>> = {
  [ELEMENT.timeStep]: 'DR',
  244: 'DRP',
  245: 'DRZ1',
  246: 'DRZ2',
  247: 'DRZ3',
  248: 'DRZ4',
  249: 'DRZ5',
  250: 'DRZ6',
  251: 'DRZ7',
  252: 'DRZ8',
};

/** The mnemonic of an element id, or its hex when the table does not name it. */
export function elementCode(id: number): string {
  return ELEMENTS.get(id)?.code ?? SERIES_CODES[id] ?? id.toString(16).toUpperCase().padStart(2, '0');
}
