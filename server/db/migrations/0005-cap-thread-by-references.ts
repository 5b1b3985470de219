import type { Migration } from '../migrate.js';

/**
 * Threads CAP messages by every identity a warning's messages name, in whatever order they arrive (issue 14):
 * `cap_thread_keys` maps a message identity (sender, identifier) — one received, or one only referenced so far
 * — to the warnings it belongs to, so an Alert that arrives after its own Update joins the Update's warning and a
 * Cancel finds every warning it references. `content_sent` is the `sent` instant (ms) of the message whose
 * content the warning shows, so an older message arriving late does not overwrite a newer one. `merged_into`
 * marks a warning found, by a later message, to be part of another one: it ends, and its messages and identities
 * move to that one.
 */
export const capThreadByReferences: Migration = {
  version: 5,
  name: 'cap-thread-by-references',
  up(db) {
    db.exec(`
      CREATE TABLE cap_thread_keys (
        sender      TEXT NOT NULL,
        identifier  TEXT NOT NULL,
        thread      INTEGER NOT NULL REFERENCES cap_threads(id),
        PRIMARY KEY (sender, identifier, thread)
      ) WITHOUT ROWID;
      ALTER TABLE cap_threads ADD COLUMN content_sent INTEGER;
      ALTER TABLE cap_threads ADD COLUMN merged_into INTEGER REFERENCES cap_threads(id);
      INSERT OR IGNORE INTO cap_thread_keys (sender, identifier, thread)
        SELECT sender, identifier, thread FROM cap_messages WHERE thread IS NOT NULL;
    `);
    // The references of messages already threaded: read from the stored XML (any prefix), as the writer would.
    const rows = db
      .prepare<[], { xml: string; thread: number }>(
        'SELECT xml, thread FROM cap_messages WHERE thread IS NOT NULL',
      )
      .all();
    const insert = db.prepare(
      'INSERT OR IGNORE INTO cap_thread_keys (sender, identifier, thread) VALUES (?, ?, ?)',
    );
    for (const row of rows) {
      const text = /<(?:[\w.-]+:)?references>([^<]*)<\/(?:[\w.-]+:)?references>/.exec(row.xml)?.[1] ?? '';
      for (const triple of text.split(/\s+/)) {
        const [sender, identifier] = triple.split(',');
        if (sender && identifier) insert.run(sender, identifier, row.thread);
      }
    }
  },
};
