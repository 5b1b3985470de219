import { connect, type Socket } from 'node:net';
import type { Config } from '../../src/protocol/index.js';
import { createFrameSplitter, type Frame } from '../../src/sl651/frame.js';
import { type RunningGateway, startGateway } from '../../src/sl651/gateway.js';
import { TOKENS } from '../helpers/test-config.js';

/**
 * A gateway on a free port that forwards `config`'s terminals to the collector at `collectorUrl` as the test source,
 * in China time, with no stats timer to race the test. The caller closes it.
 */
export function startTestGateway(
  collectorUrl: string,
  config: Config,
  options: Partial<Parameters<typeof startGateway>[0]> & { workMode: 1 | 2 | 3 },
): Promise<RunningGateway> {
  return startGateway({
    port: 0,
    collectorUrl,
    token: TOKENS.source,
    stations: config.stations,
    utcOffset: '+08:00',
    statsIntervalMs: 0,
    ...options,
  });
}

/** A terminal: a TCP connection to the gateway that keeps every frame the gateway answers with. */
export async function terminal(port: number): Promise<{ socket: Socket; answers: Frame[] }> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const splitter = createFrameSplitter();
  const answers: Frame[] = [];
  socket.on('data', (chunk: Buffer) => {
    for (const r of splitter.push(chunk)) if ('frame' in r) answers.push(r.frame);
  });
  return { socket, answers };
}
