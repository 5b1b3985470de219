import { z } from 'zod';

/** A client-chosen message id: echoed in the reply and used for idempotency per token. */
export const messageIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** The code of a configured place or thing: a station, warehouse, item, township or village. */
export const codeSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits and _ . : - only');

/** An instant as ISO 8601 with an explicit offset, e.g. `2026-07-20T02:15:00+08:00`. */
export const instantSchema = z.iso.datetime({ offset: true });

/** A calendar day within a year, `MM-DD`, used for seasons and flood-limit periods. */
export const monthDaySchema = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD');

/** A water level in metres above the station's datum. */
export const levelSchema = z.number().min(-1000).max(10000);

/** A count of people. */
export const headcountSchema = z.int().min(0).max(10_000_000);

/** Free text written by a person: bounded so one field cannot fill the database. */
export const textSchema = (max: number) => z.string().max(max);

/** A name in Chinese (or any script) as people read it. */
export const nameSchema = z.string().min(1).max(100);

/** A name in printable ASCII for terminals that cannot draw CJK (the Linux console). */
export const asciiNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII');
