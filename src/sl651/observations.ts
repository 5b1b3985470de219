import { formatLocal } from '../domain/local-time.js';
import { bcdTimeToIso, type DecodedElement, type DecodedReport } from './decode.js';
import { ELEMENT, hasLevelSensorFault } from './elements.js';
import type { StationRef } from './to-reading.js';

/** What a report says about one instant of one station. */
export type Observation = {
  observedAt: string;
  level?: number;
  rain?: number;
  flow?: number;
  sensorFault?: boolean;
};

type Slot = Observation & { at: number; isLevelFromSeries?: boolean; isRainFromSeries?: boolean };

/** Period rain elements whose values, in a 31 report, are each the rain of one step. */
const PERIOD_RAIN: ReadonlySet<number> = new Set([
  ELEMENT.rain1min,
  ELEMENT.rain5minPeriod,
  ELEMENT.rain10min,
  ELEMENT.rain30min,
  ELEMENT.rain1h,
]);

/**
 * Every instant a report speaks of, in time order: each group's elements at the group's observation time, and each
 * value of a series (F4 DRP, F5 DRZ1, the data of a 31 report) at its own time. Where two say something of one
 * instant, the instantaneous element wins over the 5-minute series: 39/3B are read to the millimetre, DRZ to the
 * centimetre. `leftOut` names what could not become part of a reading.
 */
export function observationsOf(
  report: DecodedReport,
  station: StationRef,
  utcOffset: string,
): { observations: Observation[]; leftOut: string[] } {
  const levelId = station.kind === 'reservoir' ? ELEMENT.reservoirLevel : ELEMENT.riverLevel;
  const slots = new Map<number, Slot>();
  const leftOut: string[] = [];
  const slot = (observedAt: string): Slot => {
    const at = Date.parse(observedAt);
    let s = slots.get(at);
    if (!s) {
      s = { observedAt, at };
      slots.set(at, s);
    }
    return s;
  };
  const setLevel = (s: Slot, level: number, isFromSeries: boolean) => {
    if (s.level !== undefined && (isFromSeries || !s.isLevelFromSeries)) return;
    s.level = level;
    s.isLevelFromSeries = isFromSeries;
  };
  const setRain = (s: Slot, rain: number, isFromSeries: boolean) => {
    if (s.rain !== undefined && (isFromSeries || !s.isRainFromSeries)) return;
    s.rain = rain;
    s.isRainFromSeries = isFromSeries;
  };

  for (const group of report.groups) {
    for (const element of group.elements) {
      if (element.series) {
        eachValue(element, group.observedAt, utcOffset, (observedAt, value) => {
          const s = slot(observedAt);
          if (element.id === ELEMENT.rain5min || PERIOD_RAIN.has(element.id)) setRain(s, value, true);
          else if (element.id === levelId) setLevel(s, value, false);
          else if (element.id === ELEMENT.relativeLevel1) {
            if (station.levelBase === undefined) return;
            // Relative level = level − 水位基值 (SL 651-2014 §3.1.4); rounded to the millimetre against float noise.
            setLevel(s, Number((station.levelBase + value).toFixed(3)), true);
          }
        });
        if (element.id === ELEMENT.relativeLevel1 && station.levelBase === undefined) {
          leftOut.push(`${element.code}: ${station.code} has no rtuLevelBase`);
        } else if (!isUsedSeries(element.id, levelId)) {
          leftOut.push(`${element.code} series`);
        }
        continue;
      }
      if (element.value === null) continue;
      const s = slot(group.observedAt);
      if (element.id === levelId) setLevel(s, element.value, false);
      else if (element.id === ELEMENT.rainCurrent) setRain(s, element.value, false);
      else if (element.id === ELEMENT.flow) s.flow = element.value;
      else if (element.id === ELEMENT.status && hasLevelSensorFault(element.value)) s.sensorFault = true;
    }
  }

  const ordered = [...slots.values()].sort((a, b) => a.at - b.at);
  const rainOnly = ordered.filter((s) => s.level === undefined && s.rain !== undefined).length;
  if (rainOnly > 0) leftOut.push(`rain at ${rainOnly} time(s) with no level to go with it`);
  const observations = ordered.map(({ at: _at, isLevelFromSeries: _l, isRainFromSeries: _r, ...o }) => o);
  return { observations, leftOut };
}

function isUsedSeries(id: number, levelId: number): boolean {
  return id === levelId || id === ELEMENT.rain5min || id === ELEMENT.relativeLevel1 || PERIOD_RAIN.has(id);
}

/** Calls `each` with the time and value of every value a series has (missing ones are skipped). */
function eachValue(
  element: DecodedElement,
  firstAt: string,
  utcOffset: string,
  each: (observedAt: string, value: number) => void,
): void {
  const { series } = element;
  if (!series) return;
  const first = Date.parse(firstAt);
  series.values.forEach((value, i) => {
    if (value === null) return;
    const observedAt = bcdTimeToIso(
      formatLocal(first + i * series.stepMinutes * 60_000, utcOffset, 'YYMMDDHHmmss'),
      utcOffset,
    );
    if (observedAt) each(observedAt, value);
  });
}
