import { newToken } from '../../server/auth/tokens.js';
import { UsageError } from './args.js';
import { defineCommand } from './define-command.js';

const HELP = `Usage: dutywatch token new [--name NAME] [--role ROLE]

Prints a fresh random token and the line to paste into the config's "tokens" list. The config keeps only the
hash; hand the token itself to its holder once, over a trusted channel.

Options:
  --name NAME   who will hold it (default "new-token")
  --role ROLE   source | officer | leader | viewer | admin (default source)`;

const ROLES = ['source', 'officer', 'leader', 'viewer', 'admin'];

/** `dutywatch token new`. */
export const tokenCommand = defineCommand({
  name: 'token',
  summary: 'make a new access token and the hash to put in the config',
  help: HELP,
  options: { name: { type: 'string' }, role: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }) {
    if (positionals[0] !== 'new' || positionals.length !== 1)
      throw new UsageError('dutywatch token: expected "token new"');
    const role = values.role ?? 'source';
    if (!ROLES.includes(role))
      throw new UsageError(`dutywatch token: --role must be one of ${ROLES.join(', ')}`);
    const { token, hash } = newToken();
    const entry = {
      name: values.name ?? 'new-token',
      role,
      hash,
      ...(role === 'source' ? { scope: { stations: [] } } : {}),
    };
    process.stdout.write(`token: ${token}\nconfig entry: ${JSON.stringify(entry)}\n`);
    return 0;
  },
});
