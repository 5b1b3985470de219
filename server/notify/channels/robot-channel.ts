import type { Channel, ChannelKind, DeliveryOutcome, OutboundMessage } from '../channel.js';
import { postToRobot, type RobotDialect } from './robot-answer.js';

/** What a group robot is sent for one message: the address (DingTalk signs it) and the JSON body. */
export type RobotRequest = { readonly url: URL; readonly body: string };

export interface RobotChannelSpec {
  readonly kind: ChannelKind;
  /** How the service answers, with where this robot is and the secrets no reason may carry. */
  readonly dialect: RobotDialect;
  readonly ca?: Buffer | undefined;
  /** Built per attempt, so a retry an hour later carries a fresh timestamp where the service wants one. */
  readonly request: (message: OutboundMessage) => RobotRequest;
}

/**
 * A WeCom, DingTalk or Feishu robot: they differ only in the request they are sent and the fields their answer
 * uses; the round trip and its judging are the same (robot-answer.ts).
 */
export function createRobotChannel(name: string, spec: RobotChannelSpec): Channel {
  return {
    name,
    kind: spec.kind,
    async send(message: OutboundMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
      const { url, body } = spec.request(message);
      return postToRobot(url, { body, signal, ca: spec.ca }, spec.dialect);
    },
  };
}
