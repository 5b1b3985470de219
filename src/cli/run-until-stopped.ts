import type { Logger } from '../log/logger.js';

/** A long-running service a command started: how to report its counters and how to shut it down. */
export type StoppableService = {
  /** The prefix of its log events (`<name>.stats`, `<name>.stopping`). */
  name: string;
  stats(): Record<string, unknown>;
  close(): Promise<void>;
};

/**
 * Logs the service's stats on SIGUSR1 and closes it on SIGTERM or SIGINT. Resolves with the exit code: 0 once
 * closed, 1 when closing failed (the service logs why it failed, if it has anything to say).
 */
export function runUntilStopped(service: StoppableService, logger: Logger): Promise<number> {
  const onStatsSignal = () => logger.info(`${service.name}.stats`, service.stats());
  process.on('SIGUSR1', onStatsSignal);
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      logger.info(`${service.name}.stopping`, { signal });
      process.off('SIGUSR1', onStatsSignal);
      service.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
