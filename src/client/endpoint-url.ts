/** Turns a collector address (`ws://host:port`, `host:port`, or a full endpoint URL) into an endpoint URL. */
export function endpointUrl(
  base: string,
  path: '/ingest' | '/watch',
  params: Record<string, string> = {},
): string {
  const withScheme = /^[a-z]+:\/\//i.test(base) ? base : `ws://${base}`;
  const url = new URL(withScheme.replace(/^http/i, 'ws'));
  if (url.pathname === '/' || url.pathname === '') url.pathname = path;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
