/**
 * Start-up timestamps for `DUTYWATCH_TRACE_START=1` (issue 12: first frame < 500 ms from exec). Each line is the
 * milliseconds since the process started (`performance.now()`), so the bench's exec → first frame can be split
 * into node, module loading, the link and Ink's first frame. Off by default: one comparison per call.
 */
const isOn = process.env['DUTYWATCH_TRACE_START'] === '1';

export function traceStart(label: string): void {
  if (!isOn) return;
  // CPU as well (all threads, user + system): on a busy machine the wall clock also counts waiting for a core.
  const { user, system } = process.cpuUsage();
  const cpuMs = (user + system) / 1000;
  process.stderr.write(`[start] ${performance.now().toFixed(1)} ms (cpu ${cpuMs.toFixed(0)} ms) ${label}\n`);
}
