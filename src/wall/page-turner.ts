/** The carousel's clock: turns a page every period, and starts the period again when someone turns one by hand. */
export type PageTurner = {
  /** Someone chose a page: it stays a whole period from now, not what was left of the last one. */
  restart(): void;
  stop(): void;
};

/** Calls `turn` every `periodMs` (never when `periodMs` is 0); `restart` begins a fresh period. */
export function startPageTurner(periodMs: number, turn: () => void): PageTurner {
  let timer: NodeJS.Timeout | undefined;
  const start = () => {
    clearInterval(timer);
    timer = periodMs > 0 ? setInterval(turn, periodMs) : undefined;
  };
  start();
  return {
    restart: start,
    stop: () => {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
