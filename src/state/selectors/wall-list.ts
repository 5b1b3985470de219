/** A titled list of rows, with how many more there were than the view carries. */
export type WallList<T> = { title: string; rows: T[]; more: number; empty: string };

/** The first `max` rows under a title, counting the rest so the page can say how many it left out. */
export function wallList<T>(title: string, rows: T[], max: number, empty: string): WallList<T> {
  return { title, rows: rows.slice(0, max), more: Math.max(0, rows.length - max), empty };
}
