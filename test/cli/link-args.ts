/** The options that point a command at a collector: its address and the token to show it. */
export function linkArgs(url: string, token: string): string[] {
  return ['--url', url, '--token', token];
}
