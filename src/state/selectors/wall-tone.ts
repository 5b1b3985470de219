/** How bad something is, for the wall's colours; a word always goes with it, so colour is never the only signal. */
export type WallTone = 'ok' | 'info' | 'watch' | 'warning' | 'danger' | 'stale';
