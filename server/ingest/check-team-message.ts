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
      requireWithinStrength(msg.available, team.strength, p('available'), 'INVALID_MESSAGE');
      return;
    case 'team.dispatch':
      checkTime(msg.departedAt, p('departedAt'), ctx);
      requireWithinStrength(msg.headcount, team.strength, p('headcount'), 'INSUFFICIENT_FORCES');
      return;
    case 'team.arrive':
    case 'team.return':
      checkTime(msg.at, p('at'), ctx);
      return;
  }
}

/**
 * A roll call or a dispatch counts no more people than the team has: more available than its strength is a bad
 * message, more sent than its strength is a shortage of forces.
 */
function requireWithinStrength(
  people: number,
  strength: number,
  field: string,
  code: 'INVALID_MESSAGE' | 'INSUFFICIENT_FORCES',
): void {
  if (people > strength) {
    throw new Refusal(code, `${field}: ${people} is more than the team's strength of ${strength}`, field);
  }
}
