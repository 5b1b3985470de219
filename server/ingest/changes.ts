/** What a committed message changed, for the live feed to turn into deltas. */
export type Change =
  | { kind: 'reading'; station: string }
  | { kind: 'stock'; warehouse: string; item: string }
  | { kind: 'incident'; incident: string };
