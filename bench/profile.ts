import { Session } from 'node:inspector/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
export type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Time attributed to one function: inclusive (it or anything it called was on the stack) and self. */
export type FunctionTime = { name: string; totalMs: number; selfMs: number };

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function label(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const path = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const where = path.startsWith(ROOT) ? relative(ROOT, path) : path.replace(/^.*node_modules\//, '');
  return `${name} ${where}`;
}

/** A running profile of this process; `stop` ends it and attributes the time. */
export type Profiler = { stop(): Promise<FunctionTime[]> };

/**
 * Starts the V8 sampling profiler of this process (0.1 ms interval). `stop` returns, per function, the time it
 * was on the stack (each function counted once per sample, so recursion does not double it) and its self time,
 * most first.
 */
export async function startProfiler(): Promise<Profiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop() {
      try {
        const { profile: p } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
        return attribute(p);
      } finally {
        session.disconnect();
      }
    },
  };
}

/** Runs `fn` under the profiler (see {@link startProfiler}). */
export async function profile(fn: () => Promise<void> | void): Promise<FunctionTime[]> {
  const profiler = await startProfiler();
  try {
    await fn();
  } catch (error) {
    await profiler.stop();
    throw error;
  }
  return profiler.stop();
}

export function attribute(p: CpuProfile): FunctionTime[] {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of p.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const times = new Map<string, FunctionTime>();
  const entry = (name: string) => {
    let t = times.get(name);
    if (!t) {
      t = { name, totalMs: 0, selfMs: 0 };
      times.set(name, t);
    }
    return t;
  };
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const seen = new Set<string>();
    let node: number | undefined = id;
    let isLeaf = true;
    while (node !== undefined) {
      const frame = (byId.get(node) as ProfileNode).callFrame;
      const name = label(frame);
      if (isLeaf) entry(name).selfMs += ms;
      isLeaf = false;
      if (!seen.has(name)) {
        seen.add(name);
        entry(name).totalMs += ms;
      }
      node = parent.get(node);
    }
  });
  return [...times.values()].sort((a, b) => b.totalMs - a.totalMs);
}
