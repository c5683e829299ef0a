import type { Database } from 'better-sqlite3';
import { flagConnectionTests, reflagConnectionTests } from '../search/search-index';

/**
 * Schema migrations, versioned in code and tracked with SQLite's `user_version`.
 * Append new entries; never edit one that has shipped. Each runs in its own
 * transaction, so a failed upgrade leaves the file at the previous version.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Work SQL cannot do alone (filling a new table from existing rows with JS), run after `sql` in the same transaction. */
  run?: (db: Database) => void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'workspaces, resources and group membership',
    sql: `
      CREATE TABLE workspaces (
        id         INTEGER PRIMARY KEY,
        slug       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name       TEXT NOT NULL,
        token      TEXT NOT NULL,
        settings   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
        created    TEXT NOT NULL
      );

      -- One row per SCIM resource. The served JSON lives in \`document\` (without id, meta and
      -- derived attributes); the columns beside it exist for the hot lookups IdPs make
      -- (userName, externalId, displayName) and for the uniqueness the database must enforce.
      -- The rowid (seq) gives list results a stable creation order for pagination.
      CREATE TABLE resources (
        seq              INTEGER PRIMARY KEY,
        workspace_id     INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        id               TEXT NOT NULL,
        resource_type    TEXT NOT NULL CHECK (resource_type IN ('User', 'Group')),
        user_name_key    TEXT,
        display_name_key TEXT,
        external_id      TEXT,
        document         TEXT NOT NULL CHECK (json_valid(document)),
        version          INTEGER NOT NULL DEFAULT 1,
        created          TEXT NOT NULL,
        last_modified    TEXT NOT NULL,
        UNIQUE (workspace_id, id),
        CHECK (resource_type = 'Group' OR user_name_key IS NOT NULL)
      );
      -- userName is unique per workspace, case-insensitively (RFC 7643 §4.1.1): the key column
      -- holds the case-folded value, so concurrent duplicate creates fail here, in one place.
      CREATE UNIQUE INDEX resources_user_name ON resources (workspace_id, user_name_key)
        WHERE resource_type = 'User';
      CREATE INDEX resources_by_type ON resources (workspace_id, resource_type);
      CREATE INDEX resources_external_id ON resources (workspace_id, resource_type, external_id);
      CREATE INDEX resources_display_name ON resources (workspace_id, resource_type, display_name_key);

      -- Membership in its own table: adding one member to a 50,000-member group is one row.
      CREATE TABLE group_members (
        workspace_id INTEGER NOT NULL,
        group_id     TEXT NOT NULL,
        member_id    TEXT NOT NULL,
        member_type  TEXT NOT NULL CHECK (member_type IN ('User', 'Group')),
        PRIMARY KEY (workspace_id, group_id, member_id),
        FOREIGN KEY (workspace_id, group_id) REFERENCES resources (workspace_id, id) ON DELETE CASCADE,
        FOREIGN KEY (workspace_id, member_id) REFERENCES resources (workspace_id, id) ON DELETE CASCADE
      ) WITHOUT ROWID;
      CREATE INDEX group_members_by_member ON group_members (workspace_id, member_id);
    `,
  },
  {
    version: 2,
    name: 'displayName index for groups only',
    // Only groups are found by displayName (a user's is not unique and no IdP matches on it);
    // leaving users out of the index spares every user write one index page.
    sql: `
      DROP INDEX resources_display_name;
      UPDATE resources SET display_name_key = NULL WHERE resource_type = 'User';
      CREATE INDEX resources_display_name ON resources (workspace_id, display_name_key)
        WHERE resource_type = 'Group';
    `,
  },
  {
    version: 3,
    name: 'member sub-attributes kept as sent',
    // A lenient workspace keeps what an IdP sends beyond value/type/display on a member (Microsoft's
    // reference tests send `displayName`), as it does for any other unknown attribute: JSON, or NULL.
    sql: `ALTER TABLE group_members ADD COLUMN extra TEXT;`,
  },
  {
    version: 4,
    name: 'recordings: sessions, exchanges, resource versions',
    // Written in the same transaction as the resource change they describe (see recorder/), so the
    // log and the data agree after a crash. request/response/notes are JSON (secrets redacted);
    // the columns beside them are what the inspector filters on. A version row outlives its
    // exchange (a cleared session) and its resource (a delete): it is the resource's history.
    // Versions of an imported session have no workspace: they are shown with their exchange, but
    // are no part of any resource's history here.
    sql: `
      CREATE TABLE sessions (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        created    TEXT NOT NULL,
        -- 1 for a session read from a file: live traffic never goes to it.
        imported   INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE exchanges (
        id           INTEGER PRIMARY KEY,
        session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        workspace    TEXT NOT NULL,
        started      TEXT NOT NULL,
        duration_ms  REAL NOT NULL,
        client       TEXT NOT NULL,
        source       TEXT NOT NULL,
        operation    TEXT NOT NULL,
        method       TEXT NOT NULL,
        url          TEXT NOT NULL,
        status       INTEGER NOT NULL,
        request      TEXT NOT NULL,
        response     TEXT NOT NULL,
        notes        TEXT NOT NULL
      );
      CREATE INDEX exchanges_by_session ON exchanges (session_id, id);
      CREATE TABLE resource_versions (
        id               INTEGER PRIMARY KEY,
        exchange_id      INTEGER REFERENCES exchanges (id) ON DELETE SET NULL,
        workspace_id     INTEGER,
        resource_type    TEXT NOT NULL,
        resource_id      TEXT NOT NULL,
        before           TEXT,
        after            TEXT,
        members_added    TEXT,
        members_removed  TEXT,
        at               TEXT NOT NULL
      );
      CREATE INDEX resource_versions_by_resource ON resource_versions (workspace_id, resource_id, id);
      CREATE INDEX resource_versions_by_exchange ON resource_versions (exchange_id);
    `,
  },
  {
    version: 5,
    name: 'machine-wide settings (tunnel)',
    // Settings of this installation rather than of a workspace: the tunnel's provider and its
    // secrets. Nothing reads this table when sessions or workspaces are exported.
    sql: `
      CREATE TABLE app_settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL CHECK (json_valid(value))
      );
    `,
  },
  {
    version: 6,
    name: 'workspace mappings (the app side)',
    sql: `
      CREATE TABLE workspace_mappings (
        workspace_id  INTEGER PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
        mappings      TEXT NOT NULL CHECK (json_valid(mappings)),
        updated       TEXT NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'recording retention: exchanges by workspace, running totals per session and workspace',
    // Retention (recorder/retention.ts) removes a workspace's oldest exchanges: the index finds them
    // in id order (case-insensitively, as workspace slugs are matched). The totals let it compare a
    // workspace with its limits without reading 100,000s of rows: the triggers keep them exact
    // whoever writes (this process, the CLI, an import, a cleared or deleted session). "bytes" is
    // the exchange data as stored (request, response, notes); octet_length reads no content.
    sql: `
      CREATE INDEX exchanges_by_workspace ON exchanges (workspace COLLATE NOCASE, id);
      CREATE TABLE exchange_totals (
        session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        workspace   TEXT NOT NULL COLLATE NOCASE,
        exchanges   INTEGER NOT NULL,
        bytes       INTEGER NOT NULL,
        PRIMARY KEY (session_id, workspace)
      ) WITHOUT ROWID;
      INSERT INTO exchange_totals (session_id, workspace, exchanges, bytes)
        SELECT session_id, workspace COLLATE NOCASE, count(*), sum(octet_length(request) + octet_length(response) + octet_length(notes))
        FROM exchanges GROUP BY session_id, workspace COLLATE NOCASE;
      CREATE TRIGGER exchange_totals_on_insert AFTER INSERT ON exchanges BEGIN
        INSERT INTO exchange_totals (session_id, workspace, exchanges, bytes)
          VALUES (NEW.session_id, NEW.workspace, 1, octet_length(NEW.request) + octet_length(NEW.response) + octet_length(NEW.notes))
          ON CONFLICT (session_id, workspace) DO UPDATE SET exchanges = exchanges + 1, bytes = bytes + excluded.bytes;
      END;
      CREATE TRIGGER exchange_totals_on_delete AFTER DELETE ON exchanges BEGIN
        UPDATE exchange_totals
          SET exchanges = exchanges - 1, bytes = bytes - (octet_length(OLD.request) + octet_length(OLD.response) + octet_length(OLD.notes))
          WHERE session_id = OLD.session_id AND workspace = OLD.workspace;
      END;
    `,
  },
  {
    version: 8,
    name: 'session kinds: live, imported, replay',
    // Only a live session receives live traffic (the newest one is the current session); a replay's
    // traffic has its own session, and an import is a file. Sessions before this version were told
    // apart by `imported` and, for replays, by the name the replayer gave them. `imported` stays,
    // kept equal to kind = 'imported', for readers that still look at it (retention).
    sql: `
      ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'live' CHECK (kind IN ('live', 'imported', 'replay'));
      UPDATE sessions SET kind = 'imported' WHERE imported = 1;
      UPDATE sessions SET kind = 'replay' WHERE imported = 0 AND name LIKE 'Replay of %';
    `,
  },
  {
    version: 9,
    name: 'exchange search: an FTS5 index of what the inspector shows, and the connection-test flag',
    // Contentless (the text lives only in the index: the exchange row is the content) with deletes
    // allowed, so the trigger below keeps it exact whoever deletes an exchange: a cleared or deleted
    // session (by cascade), retention. Rows are indexed in batches off the request path by
    // search/search-indexer.ts: every exchange with id <= indexed_through has its row, those above
    // wait (a search says how many). Opening an old file indexes nothing here; the indexer catches
    // up from 0 in the background. Columns: see search/search-text.ts.
    //
    // The connection-test flag is set on insert (it is cheap) and here for the existing rows, so
    // hiding connection tests is right for rows not yet indexed; the partial index lists them.
    sql: `
      ALTER TABLE exchanges ADD COLUMN connection_test INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX exchanges_connection_tests ON exchanges (id) WHERE connection_test = 1;
      CREATE VIRTUAL TABLE exchange_search USING fts5 (
        text, op, path, user, notes, facets,
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TABLE exchange_search_progress (indexed_through INTEGER NOT NULL);
      INSERT INTO exchange_search_progress (indexed_through) VALUES (0);
      CREATE TRIGGER exchange_search_on_delete AFTER DELETE ON exchanges BEGIN
        DELETE FROM exchange_search WHERE rowid = OLD.id;
        -- A new exchange gets max(id) + 1: once the newest ones are deleted, ids at or below the
        -- mark come again, and the indexer (which looks above the mark) would never see them.
        UPDATE exchange_search_progress SET indexed_through = coalesce((SELECT max(id) FROM exchanges), 0)
          WHERE indexed_through > coalesce((SELECT max(id) FROM exchanges), 0);
      END;
    `,
    run: flagConnectionTests,
  },
  {
    version: 10,
    name: 'OAuth 2.0 access tokens issued by a workspace token endpoint',
    // Only the SHA-256 of an access token is stored: whoever reads the file cannot call the SCIM
    // API with it. `expires` (epoch milliseconds) decides validity; an expired row is kept a while
    // so a request with it is told "expired", not "unknown" (access-tokens.ts prunes them).
    // Regenerating the workspace secret deletes its rows (workspaces.ts), revoking them at once.
    sql: `
      CREATE TABLE access_tokens (
        digest       TEXT PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        issued       INTEGER NOT NULL,
        expires      INTEGER NOT NULL
      );
      CREATE INDEX access_tokens_workspace ON access_tokens (workspace_id, expires);
    `,
  },
  {
    version: 11,
    name: "connection tests: Okta's count=2 probe",
    // The rule (shared/search/connection-test.ts) now also knows `GET /Users?startIndex=1&count=2`;
    // exchanges recorded before are flagged here, and their index rows rewritten.
    sql: '',
    run: reflagConnectionTests,
  },
  {
    version: 12,
    name: 'chaos lab: fault rules, and what was injected into an exchange',
    // A workspace's rules in order (`position`: the first matching rule wins); match and action are
    // the JSON of shared/faults.ts, checked by engine/faults/rule-check.ts before they are written.
    // `injected` is an exchange's InjectedFault as JSON, NULL for the (nearly all) untouched ones.
    sql: `
      CREATE TABLE fault_rules (
        id           INTEGER PRIMARY KEY,
        workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        name         TEXT NOT NULL,
        enabled      INTEGER NOT NULL DEFAULT 1,
        match        TEXT NOT NULL CHECK (json_valid(match)),
        action       TEXT NOT NULL CHECK (json_valid(action)),
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL
      );
      CREATE INDEX fault_rules_by_workspace ON fault_rules (workspace_id, position);
      ALTER TABLE exchanges ADD COLUMN injected TEXT CHECK (injected IS NULL OR json_valid(injected));
      -- A write's answer changed by a fault after it was recorded (RecordingStore.amendExchange): the
      -- running byte totals (migration 7) follow, so the delete trigger takes off what is stored.
      CREATE TRIGGER exchange_totals_on_response_update AFTER UPDATE OF response ON exchanges BEGIN
        UPDATE exchange_totals SET bytes = bytes + octet_length(NEW.response) - octet_length(OLD.response)
          WHERE session_id = NEW.session_id AND workspace = NEW.workspace;
      END;
    `,
  },
  {
    version: 13,
    name: 'proxy mode: the upstream secret of a proxy workspace, observed resource versions',
    // The upstream's secret (its bearer token, Basic password, header value or OAuth client secret)
    // lives in its own table, never in the settings JSON that the CLI prints and the admin API
    // serves; a session export never reads it. A version observed in a proxied answer (the user's
    // own server holds the resource) is marked, as the workbench does not own it.
    sql: `
      CREATE TABLE proxy_upstream_secrets (
        workspace_id INTEGER PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
        secret       TEXT NOT NULL
      );
      ALTER TABLE resource_versions ADD COLUMN observed INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 14,
    name: 'verdicts: what the verdict engine found wrong with each answer',
    // A side table, not a column: the session summary reads every verdict of a session, and a
    // column after the bodies would make SQLite walk each row's overflow pages to reach it. Written
    // with the exchange (RecordingStore.insertExchange); '[]' is an answer judged clean, a missing
    // row one not judged yet. Exchanges recorded before this version are judged in the background,
    // not here (a large file would keep the engine from starting for minutes): the search index is
    // emptied so the indexer, which reads every exchange again in its off-request batches anyway,
    // judges each one it reaches without a verdict, and indexes its `has:verdict`/`verdict:` terms.
    // Until it has, the exchange's detail judges it on demand and searches say how many still wait.
    sql: `
      CREATE TABLE exchange_verdicts (
        exchange_id INTEGER PRIMARY KEY REFERENCES exchanges (id) ON DELETE CASCADE,
        findings    TEXT NOT NULL
      );
      INSERT INTO exchange_search (exchange_search) VALUES ('delete-all');
      UPDATE exchange_search_progress SET indexed_through = 0;
    `,
  },
  {
    version: 15,
    name: 'exchange bodies stored raw, in columns of their own',
    // See store/exchange-bodies.ts. Existing rows are not rewritten (a large file would keep the
    // engine from starting): their bodies stay in the JSON, and every reader takes the body column
    // when it is not NULL. The totals' triggers (migrations 7 and 12) count the new columns too; the
    // totals themselves stay right, as the rows written so far have NULL there. Their byte sums are
    // written out, as a shipped migration never changes; retention's EXCHANGE_BYTES_SQL
    // (store/exchange-bodies.ts) is the same sum, and exchange-bodies.test.ts checks they agree.
    sql: `
      ALTER TABLE exchanges ADD COLUMN request_body TEXT;
      ALTER TABLE exchanges ADD COLUMN response_body TEXT;
      DROP TRIGGER exchange_totals_on_insert;
      DROP TRIGGER exchange_totals_on_delete;
      DROP TRIGGER exchange_totals_on_response_update;
      CREATE TRIGGER exchange_totals_on_insert AFTER INSERT ON exchanges BEGIN
        INSERT INTO exchange_totals (session_id, workspace, exchanges, bytes)
          VALUES (NEW.session_id, NEW.workspace, 1, octet_length(NEW.request) + octet_length(NEW.response) + octet_length(NEW.notes) + coalesce(octet_length(NEW.request_body), 0) + coalesce(octet_length(NEW.response_body), 0))
          ON CONFLICT (session_id, workspace) DO UPDATE SET exchanges = exchanges + 1, bytes = bytes + excluded.bytes;
      END;
      CREATE TRIGGER exchange_totals_on_delete AFTER DELETE ON exchanges BEGIN
        UPDATE exchange_totals
          SET exchanges = exchanges - 1, bytes = bytes - (octet_length(OLD.request) + octet_length(OLD.response) + octet_length(OLD.notes) + coalesce(octet_length(OLD.request_body), 0) + coalesce(octet_length(OLD.response_body), 0))
          WHERE session_id = OLD.session_id AND workspace = OLD.workspace;
      END;
      CREATE TRIGGER exchange_totals_on_response_update AFTER UPDATE OF response, response_body ON exchanges BEGIN
        UPDATE exchange_totals SET bytes = bytes + (octet_length(NEW.request) + octet_length(NEW.response) + octet_length(NEW.notes) + coalesce(octet_length(NEW.request_body), 0) + coalesce(octet_length(NEW.response_body), 0)) - (octet_length(OLD.request) + octet_length(OLD.response) + octet_length(OLD.notes) + coalesce(octet_length(OLD.request_body), 0) + coalesce(octet_length(OLD.response_body), 0))
          WHERE session_id = NEW.session_id AND workspace = NEW.workspace;
      END;
    `,
  },
];

export function migrate(db: Database, migrations: Migration[] = MIGRATIONS): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `The database was written by a newer SCIM Workbench (schema version ${current}, this one knows ${latest}). ` +
        'Update the app, or open another file with --db.',
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.run?.(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
