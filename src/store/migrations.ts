// Numbered schema migrations, embedded in the program. Each runs once, in a transaction, and
// `PRAGMA user_version` records how far a cache has come.

export const MIGRATIONS: readonly string[] = [
  // 1: conversations, their parts, the names results show, sync state, and the search index.
  `
  CREATE TABLE conversations (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    title TEXT,
    state TEXT NOT NULL,
    read INTEGER NOT NULL,
    priority TEXT NOT NULL,
    admin_assignee_id TEXT,
    team_assignee_id TEXT,
    source_type TEXT,
    subject TEXT NOT NULL,
    source_url TEXT,
    author_type TEXT NOT NULL,
    author_id TEXT,
    author_name TEXT,
    author_email TEXT,
    contact_id TEXT,
    -- lower-cased: the opening author's email, else the contact's
    customer_email TEXT,
    parts_total INTEGER NOT NULL,
    synced_at INTEGER NOT NULL
  );
  CREATE INDEX conversations_updated_at ON conversations (updated_at);
  CREATE INDEX conversations_created_at ON conversations (created_at);
  CREATE INDEX conversations_customer_email ON conversations (customer_email);
  CREATE INDEX conversations_contact_id ON conversations (contact_id);
  -- Covers the filters: counting "open and unassigned" reads this index, not the rows.
  CREATE INDEX conversations_filters ON conversations
    (state, updated_at, admin_assignee_id, team_assignee_id, priority, created_at);
  CREATE INDEX conversations_admin_assignee ON conversations (admin_assignee_id);
  CREATE INDEX conversations_team_assignee ON conversations (team_assignee_id);

  -- The opening message apart from the row: rows stay small, so filters and joins over
  -- thousands of conversations read few pages.
  CREATE TABLE openings (
    conversation_rowid INTEGER PRIMARY KEY,
    body TEXT NOT NULL
  );

  -- Kept by id: parts cached earlier survive when Intercom returns only the newest 500.
  CREATE TABLE parts (
    conversation_rowid INTEGER NOT NULL,
    id TEXT NOT NULL,
    part_type TEXT NOT NULL,
    body TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    author_type TEXT NOT NULL,
    author_id TEXT,
    author_name TEXT,
    author_email TEXT,
    assigned_to_type TEXT,
    assigned_to_id TEXT,
    redacted INTEGER NOT NULL,
    attachments TEXT,
    -- A rowid table, not WITHOUT ROWID: message-sized rows pack densely here.
    UNIQUE (conversation_rowid, id)
  );

  CREATE TABLE conversation_tags (
    conversation_rowid INTEGER NOT NULL,
    tag_id TEXT NOT NULL,
    PRIMARY KEY (conversation_rowid, tag_id)
  ) WITHOUT ROWID;
  CREATE INDEX conversation_tags_tag ON conversation_tags (tag_id);

  CREATE TABLE admins (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT);
  CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE tags (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    email TEXT,
    name TEXT,
    role TEXT,
    fetched_at INTEGER NOT NULL
  );

  CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    outcome TEXT NOT NULL,
    new_count INTEGER NOT NULL DEFAULT 0,
    changed_count INTEGER NOT NULL DEFAULT 0,
    deleted_count INTEGER NOT NULL DEFAULT 0,
    requests INTEGER NOT NULL DEFAULT 0,
    error TEXT
  );

  -- The text the index holds, computed from the tables, so nothing is stored twice.
  CREATE VIEW search_source AS
  SELECT
    c.rowid AS rowid,
    CASE WHEN c.title IS NULL OR c.title = c.subject OR c.subject = '' THEN coalesce(c.title, c.subject)
      ELSE c.title || ' ' || c.subject END AS subject,
    (SELECT o.body FROM openings o WHERE o.conversation_rowid = c.rowid) AS body,
    (SELECT group_concat(p.body, char(10) ORDER BY p.created_at, p.id)
       FROM parts p WHERE p.conversation_rowid = c.rowid AND p.body IS NOT NULL) AS parts
  FROM conversations c;

  CREATE VIRTUAL TABLE search_index USING fts5(
    subject, body, parts,
    content = 'search_source', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  `,
  // 2: the same view without `group_concat(… ORDER BY …)`, which SQLite reads only from 3.44 on:
  // older sqlite3 shells (Debian 12's 3.40, macOS's 3.43) refuse a file whose schema holds it.
  // The parts are ordered in a subquery first, which gives the same text, so the index that was
  // built from the old view stays true to this one and needs no rebuild.
  `
  DROP VIEW search_source;
  CREATE VIEW search_source AS
  SELECT
    c.rowid AS rowid,
    CASE WHEN c.title IS NULL OR c.title = c.subject OR c.subject = '' THEN coalesce(c.title, c.subject)
      ELSE c.title || ' ' || c.subject END AS subject,
    (SELECT o.body FROM openings o WHERE o.conversation_rowid = c.rowid) AS body,
    (SELECT group_concat(ordered.body, char(10)) FROM (
       SELECT p.body AS body FROM parts p
       WHERE p.conversation_rowid = c.rowid AND p.body IS NOT NULL
       ORDER BY p.created_at, p.id
     ) AS ordered) AS parts
  FROM conversations c;
  `,
  // 3: help-center collections and articles, one row per article and language, and their index.
  `
  CREATE TABLE collections (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_id TEXT,
    url TEXT,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    -- JSON array of collection and section ids, outermost first
    parent_ids TEXT NOT NULL,
    author_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- JSON array of tag names
    tags TEXT NOT NULL,
    synced_at INTEGER NOT NULL
  );
  CREATE TABLE article_texts (
    rowid INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    -- 0: the default language; translations follow
    position INTEGER NOT NULL,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    url TEXT,
    updated_at INTEGER NOT NULL,
    UNIQUE (article_id, locale)
  );
  CREATE VIRTUAL TABLE article_index USING fts5(
    title, description, body,
    content = 'article_texts', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  -- Texts are only inserted and deleted whole, so two triggers keep the index level with them.
  CREATE TRIGGER article_texts_ai AFTER INSERT ON article_texts BEGIN
    INSERT INTO article_index (rowid, title, description, body)
    VALUES (new.rowid, new.title, new.description, new.body);
  END;
  CREATE TRIGGER article_texts_ad AFTER DELETE ON article_texts BEGIN
    INSERT INTO article_index (article_index, rowid, title, description, body)
    VALUES ('delete', old.rowid, old.title, old.description, old.body);
  END;
  `,
  // 4: the profiles of the contacts in cached conversations, their companies, and their index.
  `
  CREATE TABLE contact_profiles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    external_id TEXT,
    role TEXT,
    name TEXT,
    -- lower-cased
    email TEXT,
    phone TEXT,
    country TEXT,
    region TEXT,
    city TEXT,
    created_at INTEGER,
    updated_at INTEGER NOT NULL,
    last_seen_at INTEGER,
    -- JSON objects and arrays, as Intercom gives them
    custom_attributes TEXT NOT NULL,
    tag_ids TEXT NOT NULL,
    synced_at INTEGER NOT NULL
  );
  CREATE INDEX contact_profiles_email ON contact_profiles (email);
  CREATE INDEX contact_profiles_updated_at ON contact_profiles (updated_at);
  CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    company_id TEXT,
    name TEXT NOT NULL,
    plan TEXT,
    size INTEGER,
    monthly_spend REAL,
    industry TEXT,
    website TEXT,
    user_count INTEGER,
    custom_attributes TEXT NOT NULL,
    updated_at INTEGER,
    synced_at INTEGER NOT NULL
  );
  CREATE TABLE contact_companies (
    contact_id TEXT NOT NULL,
    company_id TEXT NOT NULL,
    PRIMARY KEY (contact_id, company_id)
  ) WITHOUT ROWID;
  CREATE INDEX contact_companies_company ON contact_companies (company_id);
  -- A conversation's contact that Intercom merged into another: where its profile is now
  -- (contact_id null: the contact is gone).
  CREATE TABLE contact_aliases (alias TEXT PRIMARY KEY, contact_id TEXT);
  CREATE INDEX contact_aliases_contact ON contact_aliases (contact_id);
  -- Its own copy of the few words per contact, keyed by the profile's rowid.
  CREATE VIRTUAL TABLE contact_index USING fts5(
    name, email, companies, details,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  `,
  // 5: who wrote each part, once per author instead of on every part: agents and customers
  // write many parts each, and their names and emails were most of a part's row after its
  // body. A part keeps a number; the authors table holds each distinct author once
  // (a renamed author gets a second row, so old parts read back as they were saved).
  `
  CREATE TABLE authors (
    rowid INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    id TEXT,
    name TEXT,
    email TEXT
  );
  CREATE INDEX authors_key ON authors (type, id, name, email);
  INSERT INTO authors (type, id, name, email)
    SELECT DISTINCT author_type, author_id, author_name, author_email FROM parts;

  -- SQLite cannot drop columns in place without a rewrite either: build the new table, copy,
  -- swap. The legacy rename leaves the view over parts (search_source) as it is, naming
  -- "parts", instead of refusing it while no table of that name exists.
  PRAGMA legacy_alter_table = ON;
  CREATE TABLE parts_by_author (
    conversation_rowid INTEGER NOT NULL,
    id TEXT NOT NULL,
    part_type TEXT NOT NULL,
    body TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    author INTEGER NOT NULL,
    assigned_to_type TEXT,
    assigned_to_id TEXT,
    redacted INTEGER NOT NULL,
    attachments TEXT,
    UNIQUE (conversation_rowid, id)
  );
  INSERT INTO parts_by_author
    SELECT p.conversation_rowid, p.id, p.part_type, p.body, p.created_at, p.updated_at,
      (SELECT a.rowid FROM authors a WHERE a.type IS p.author_type AND a.id IS p.author_id
         AND a.name IS p.author_name AND a.email IS p.author_email),
      p.assigned_to_type, p.assigned_to_id, p.redacted, p.attachments
    FROM parts p ORDER BY p.rowid;
  DROP TABLE parts;
  ALTER TABLE parts_by_author RENAME TO parts;
  PRAGMA legacy_alter_table = OFF;
  `,
  // 6: how each conversation was handled. The figures stats count by are columns of the row
  // (a few small numbers: counting needs no join); what Intercom said in full (statistics,
  // remarks, Fin, SLA, custom attributes) is a table of its own, so rows search reads stay small.
  // A conversation cached before has `handled` null: syncs read it again (src/store/handling.ts).
  `
  ALTER TABLE conversations ADD COLUMN handled INTEGER;
  -- seconds; *_computed 1 when computed from the thread, 0 when Intercom's own figure
  ALTER TABLE conversations ADD COLUMN first_response INTEGER;
  ALTER TABLE conversations ADD COLUMN first_response_computed INTEGER;
  ALTER TABLE conversations ADD COLUMN close_time INTEGER;
  ALTER TABLE conversations ADD COLUMN close_time_computed INTEGER;
  ALTER TABLE conversations ADD COLUMN reopens INTEGER;
  ALTER TABLE conversations ADD COLUMN closed_once INTEGER;
  ALTER TABLE conversations ADD COLUMN rating INTEGER;
  -- null when Fin took no part; else its resolution_state, or 'no answer'
  ALTER TABLE conversations ADD COLUMN fin_outcome TEXT;
  -- Covers every column a stats question reads but the customer's email: a question over the
  -- whole cache scans this (about a quarter of the table's pages), a timeframe a range of it.
  CREATE INDEX conversations_stats ON conversations (created_at, state, priority,
    team_assignee_id, admin_assignee_id, source_type, handled, first_response,
    first_response_computed, close_time, close_time_computed, closed_once, reopens, rating,
    fin_outcome);

  CREATE TABLE handling (
    conversation_rowid INTEGER PRIMARY KEY,
    delivered_as TEXT,
    waiting_since INTEGER,
    snoozed_until INTEGER,
    -- Intercom's statistics object as sent (JSON), or null when it sent none
    statistics TEXT,
    rating_remark TEXT,
    rating_at INTEGER,
    rating_teammate_id TEXT,
    fin_last_answer_type TEXT,
    fin_source_title TEXT,
    fin_rating INTEGER,
    fin_rating_remark TEXT,
    sla_name TEXT,
    sla_status TEXT,
    custom_attributes TEXT
  );
  -- Tells syncs to read again the conversations cached before (until none is left).
  INSERT INTO state (key, value)
    SELECT 'handling_backfill', 'pending' WHERE EXISTS (SELECT 1 FROM conversations);
  `,
  // 7: tickets, their types and states, their parts, the contacts and the conversations and
  // tickets they link to, and their index. Parts are kept by id, as a conversation's are.
  `
  CREATE TABLE ticket_types (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    -- Customer, Back-office or Tracker
    category TEXT,
    icon TEXT,
    archived INTEGER NOT NULL,
    -- JSON array of the fields the type asks for: {id, name, dataType, description}
    attributes TEXT NOT NULL,
    updated_at INTEGER
  );
  CREATE TABLE ticket_states (
    id TEXT PRIMARY KEY,
    -- submitted, in_progress, waiting_on_customer or resolved
    category TEXT NOT NULL,
    internal_label TEXT NOT NULL,
    external_label TEXT
  );
  CREATE TABLE tickets (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    -- the number the inbox shows
    number TEXT,
    category TEXT,
    type_id TEXT,
    state_id TEXT,
    state_category TEXT,
    open INTEGER NOT NULL,
    is_shared INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    -- JSON object: the type's own fields by name
    attributes TEXT NOT NULL,
    admin_assignee_id TEXT,
    team_assignee_id TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    snoozed_until INTEGER,
    parts_total INTEGER NOT NULL,
    synced_at INTEGER NOT NULL
  );
  CREATE INDEX tickets_updated_at ON tickets (updated_at);
  CREATE TABLE ticket_contacts (
    ticket_rowid INTEGER NOT NULL,
    contact_id TEXT NOT NULL,
    PRIMARY KEY (ticket_rowid, contact_id)
  ) WITHOUT ROWID;
  CREATE INDEX ticket_contacts_contact ON ticket_contacts (contact_id);
  CREATE TABLE ticket_links (
    ticket_rowid INTEGER NOT NULL,
    -- conversation or ticket
    type TEXT NOT NULL,
    linked_id TEXT NOT NULL,
    PRIMARY KEY (ticket_rowid, type, linked_id)
  ) WITHOUT ROWID;
  CREATE INDEX ticket_links_linked ON ticket_links (type, linked_id);
  CREATE TABLE ticket_parts (
    ticket_rowid INTEGER NOT NULL,
    id TEXT NOT NULL,
    part_type TEXT NOT NULL,
    body TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    author_type TEXT NOT NULL,
    author_id TEXT,
    author_name TEXT,
    state TEXT,
    previous_state TEXT,
    UNIQUE (ticket_rowid, id)
  );
  -- Its own copy of a ticket's words (title, description and attributes, parts), keyed by the
  -- ticket's rowid: tickets are few beside conversations.
  CREATE VIRTUAL TABLE ticket_index USING fts5(
    title, description, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  `,
  // 8: the same data in fewer bytes (issue 16: disk at most twice the text).
  // - Intercom's statistics object was stored as JSON, its key names longer than its numbers:
  //   each key Intercom describes is a column now, and only keys it may add later stay JSON.
  // - A conversation's parts take the rowids from its rowid × 65,536 on (src/store/parts.ts):
  //   found by a range of the table itself, with no index and no column repeating the
  //   conversation's rowid (the unique index on (conversation_rowid, id) repeated both). The
  //   store keeps a part once per id itself.
  // - A part's updated_at is null when it equals created_at, as it nearly always does, and its
  //   id (a decimal number from Intercom) an integer.
  // - conversations_stats begins with created_at, so conversations_created_at (a copy of its
  //   first column) is not made again.
  // - A conversation's opening author is a row of authors, as a part's author is (migration 5),
  //   and a part's type a row of part_types. Authors are found by their id: the index on all
  //   four columns repeated the table.
  // - The search index lists its columns largest first: FTS5 marks every word's positions in
  //   a column other than the first with two bytes, and most words are in the parts.
  `
  -- Each old table goes as soon as its copy is made, so the copies after it reuse its pages:
  -- the file grows as little as it can (no VACUUM here: this SQLite refuses ATTACH, which it needs).
  DROP TABLE search_index;
  DROP VIEW search_source;

  CREATE TABLE handling_by_column (
    conversation_rowid INTEGER PRIMARY KEY,
    delivered_as TEXT,
    waiting_since INTEGER,
    snoozed_until INTEGER,
    -- Intercom's statistics, a column a key: seconds, unix seconds (*_at) and counts
    time_to_assignment INTEGER,
    time_to_admin_reply INTEGER,
    time_to_first_close INTEGER,
    time_to_last_close INTEGER,
    median_time_to_reply INTEGER,
    first_contact_reply_at INTEGER,
    first_assignment_at INTEGER,
    first_admin_reply_at INTEGER,
    first_close_at INTEGER,
    last_assignment_at INTEGER,
    last_assignment_admin_reply_at INTEGER,
    last_contact_reply_at INTEGER,
    last_admin_reply_at INTEGER,
    last_close_at INTEGER,
    last_closed_by_id TEXT,
    count_reopens INTEGER,
    count_assignments INTEGER,
    count_conversation_parts INTEGER,
    handling_time INTEGER,
    adjusted_handling_time INTEGER,
    -- the keys of Intercom's statistics with no column (JSON object), or null when it sent none
    statistics_more TEXT,
    rating_remark TEXT,
    rating_at INTEGER,
    rating_teammate_id TEXT,
    fin_last_answer_type TEXT,
    fin_source_title TEXT,
    fin_rating INTEGER,
    fin_rating_remark TEXT,
    sla_name TEXT,
    sla_status TEXT,
    custom_attributes TEXT
  );
  INSERT INTO handling_by_column
    SELECT conversation_rowid, delivered_as, waiting_since, snoozed_until,
      statistics ->> 'time_to_assignment',
      statistics ->> 'time_to_admin_reply',
      statistics ->> 'time_to_first_close',
      statistics ->> 'time_to_last_close',
      statistics ->> 'median_time_to_reply',
      statistics ->> 'first_contact_reply_at',
      statistics ->> 'first_assignment_at',
      statistics ->> 'first_admin_reply_at',
      statistics ->> 'first_close_at',
      statistics ->> 'last_assignment_at',
      statistics ->> 'last_assignment_admin_reply_at',
      statistics ->> 'last_contact_reply_at',
      statistics ->> 'last_admin_reply_at',
      statistics ->> 'last_close_at',
      statistics ->> 'last_closed_by_id',
      statistics ->> 'count_reopens',
      statistics ->> 'count_assignments',
      statistics ->> 'count_conversation_parts',
      statistics ->> 'handling_time',
      statistics ->> 'adjusted_handling_time',
      json_remove(statistics,
        '$.time_to_assignment', '$.time_to_admin_reply', '$.time_to_first_close',
        '$.time_to_last_close', '$.median_time_to_reply', '$.first_contact_reply_at',
        '$.first_assignment_at', '$.first_admin_reply_at', '$.first_close_at',
        '$.last_assignment_at', '$.last_assignment_admin_reply_at', '$.last_contact_reply_at',
        '$.last_admin_reply_at', '$.last_close_at', '$.last_closed_by_id', '$.count_reopens',
        '$.count_assignments', '$.count_conversation_parts', '$.handling_time',
        '$.adjusted_handling_time'),
      rating_remark, rating_at, rating_teammate_id, fin_last_answer_type, fin_source_title,
      fin_rating, fin_rating_remark, sla_name, sla_status, custom_attributes
    FROM handling ORDER BY conversation_rowid;
  DROP TABLE handling;
  ALTER TABLE handling_by_column RENAME TO handling;

  -- A part's type ("comment", "assignment", …) is one of a few: each is stored once.
  CREATE TABLE part_types (rowid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  INSERT INTO part_types (name) SELECT DISTINCT part_type FROM parts ORDER BY part_type;
  CREATE TABLE parts_by_range (
    rowid INTEGER PRIMARY KEY,
    -- no type: a decimal id is kept as an integer, any other as text (src/store/parts.ts)
    id NOT NULL,
    -- a row of part_types
    part_type INTEGER NOT NULL,
    body TEXT,
    created_at INTEGER NOT NULL,
    -- null: the same as created_at
    updated_at INTEGER,
    author INTEGER NOT NULL,
    assigned_to_type TEXT,
    assigned_to_id TEXT,
    redacted INTEGER NOT NULL,
    attachments TEXT
  );
  INSERT INTO parts_by_range
    SELECT conversation_rowid * 65536 + seq,
      CASE WHEN id GLOB '[1-9]*' AND id NOT GLOB '*[^0-9]*' AND length(id) <= 15
        THEN CAST(id AS INTEGER) ELSE id END,
      (SELECT t.rowid FROM part_types t WHERE t.name = old.part_type), body, created_at,
      nullif(updated_at, created_at), author, assigned_to_type, assigned_to_id, redacted,
      attachments
    FROM (SELECT *, row_number() OVER (PARTITION BY conversation_rowid
                      ORDER BY created_at, length(id), id) - 1 AS seq
          FROM parts) AS old
    WHERE seq < 65536 ORDER BY 1;
  DROP TABLE parts;
  ALTER TABLE parts_by_range RENAME TO parts;

  DROP INDEX authors_key;
  CREATE INDEX authors_id ON authors (id);
  INSERT INTO authors (type, id, name, email)
    SELECT DISTINCT c.author_type, c.author_id, c.author_name, c.author_email
    FROM conversations c
    WHERE NOT EXISTS (SELECT 1 FROM authors a WHERE a.type IS c.author_type
      AND a.id IS c.author_id AND a.name IS c.author_name AND a.email IS c.author_email);
  -- Copied rather than altered in place: dropping columns would leave every page part empty.
  CREATE TABLE conversations_by_author (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    title TEXT,
    state TEXT NOT NULL,
    read INTEGER NOT NULL,
    priority TEXT NOT NULL,
    admin_assignee_id TEXT,
    team_assignee_id TEXT,
    source_type TEXT,
    subject TEXT NOT NULL,
    source_url TEXT,
    -- who wrote the opening message: a row of authors
    author INTEGER NOT NULL,
    contact_id TEXT,
    -- lower-cased: the opening author's email, else the contact's
    customer_email TEXT,
    parts_total INTEGER NOT NULL,
    synced_at INTEGER NOT NULL,
    handled INTEGER,
    first_response INTEGER,
    first_response_computed INTEGER,
    close_time INTEGER,
    close_time_computed INTEGER,
    reopens INTEGER,
    closed_once INTEGER,
    rating INTEGER,
    fin_outcome TEXT
  );
  INSERT INTO conversations_by_author
    SELECT c.rowid, c.id, c.created_at, c.updated_at, c.title, c.state, c.read, c.priority,
      c.admin_assignee_id, c.team_assignee_id, c.source_type, c.subject, c.source_url,
      (SELECT a.rowid FROM authors a WHERE a.type IS c.author_type AND a.id IS c.author_id
         AND a.name IS c.author_name AND a.email IS c.author_email),
      c.contact_id, c.customer_email, c.parts_total, c.synced_at, c.handled, c.first_response,
      c.first_response_computed, c.close_time, c.close_time_computed, c.reopens, c.closed_once,
      c.rating, c.fin_outcome
    FROM conversations c ORDER BY c.rowid;
  DROP TABLE conversations;
  ALTER TABLE conversations_by_author RENAME TO conversations;
  CREATE INDEX conversations_updated_at ON conversations (updated_at);
  CREATE INDEX conversations_customer_email ON conversations (customer_email);
  CREATE INDEX conversations_contact_id ON conversations (contact_id);
  CREATE INDEX conversations_filters ON conversations
    (state, updated_at, admin_assignee_id, team_assignee_id, priority, created_at);
  CREATE INDEX conversations_admin_assignee ON conversations (admin_assignee_id);
  CREATE INDEX conversations_team_assignee ON conversations (team_assignee_id);
  CREATE INDEX conversations_stats ON conversations (created_at, state, priority,
    team_assignee_id, admin_assignee_id, source_type, handled, first_response,
    first_response_computed, close_time, close_time_computed, closed_once, reopens, rating,
    fin_outcome);

  CREATE VIEW search_source AS
  SELECT
    c.rowid AS rowid,
    CASE WHEN c.title IS NULL OR c.title = c.subject OR c.subject = '' THEN coalesce(c.title, c.subject)
      ELSE c.title || ' ' || c.subject END AS subject,
    (SELECT o.body FROM openings o WHERE o.conversation_rowid = c.rowid) AS body,
    (SELECT group_concat(ordered.body, char(10)) FROM (
       SELECT p.body AS body FROM parts p
       WHERE p.rowid BETWEEN c.rowid * 65536 AND c.rowid * 65536 + 65535 AND p.body IS NOT NULL
       ORDER BY p.created_at, p.id
     ) AS ordered) AS parts
  FROM conversations c;

  CREATE VIRTUAL TABLE search_index USING fts5(
    parts, body, subject,
    content = 'search_source', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  INSERT INTO search_index (search_index) VALUES ('rebuild');
  `,
  // 9: tickets' searches read what they filter and sort by from a narrow index keyed by rowid
  // (a match's row is a seek in it, not a read of the ticket's wide row), and list the newest
  // down one index.
  `
  CREATE INDEX tickets_facets ON tickets (rowid, open, state_category, type_id,
    admin_assignee_id, team_assignee_id, created_at, updated_at, id);
  DROP INDEX tickets_updated_at;
  CREATE INDEX tickets_updated_at ON tickets (updated_at, id);
  `,
];
