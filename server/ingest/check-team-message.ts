import type { TeamMessage } from '../../src/protocol/index.js';
import { Refusal } from '../refusal.js';
import { type CheckContext, checkTime, requireScope } from './check-message.js';

/**
 * What can be said of a team message without the database: the team is configured, the token may report for
 * it, its times are believable, and a dispatch is no larger than the whole team. The writer checks the rest
 * (the incident, the headcount left, the order of departure, arrival and return).
 */
export function checkTeamMessage(msg: TeamMessage, ctx: CheckContext, p: (field: string) => string): void {
  const team = ctx.index.config.forces.teams.find((t) => t.code === msg.team);
  if (!team) {
    throw new Refusal(
      'UNKNOWN_REFERENCE',
      `${p('team')}: no team "${msg.team}" in the county configuration`,
      p('team'),
    );
  }
  requireScope(ctx.scope?.teams, msg.team, p('team'), 'team');
  switch (msg.type) {
    case 'team.status':
      checkTime(msg.at, p('at'), ctx);
      if (msg.available > team.strength) {
        throw new Refusal(
          'INVALID_MESSAGE',
          `${p('available')}: ${msg.available} is more than the team's strength of ${team.strength}`,
          p('available'),
        );
      }
      return;
    case 'team.dispatch':
      checkTime(msg.departedAt, p('departedAt'), ctx);
      if (msg.headcount > team.strength) {
        throw new Refusal(
          'INSUFFICIENT_FORCES',
          `${p('headcount')}: ${msg.headcount} is more than the team's strength of ${team.strength}`,
          p('headcount'),
        );
      }
      return;
    case 'team.arrive':
    case 'team.return':
      checkTime(msg.at, p('at'), ctx);
      return;
  }
}
