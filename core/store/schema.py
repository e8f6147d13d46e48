"""The archive.db schema as numbered migrations (PRAGMA user_version); never edit a released one."""

from pathlib import Path

from core.models import DEFAULT_CATEGORIES, UNCATEGORIZED
from core.store.texts import SearchTexts

TEXT_FILE, TEXT_END = "search_text_file", "search_text_end"  # meta keys (core/store/texts.py)
MOVE_PAGE = 500  # texts per read while the search forms move out of SQLite

SCHEMA_V1 = """
CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES categories(id),
    code TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX categories_name ON categories(ifnull(parent_id, 0), name);

CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    source TEXT,
    counts TEXT
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    ntitle TEXT NOT NULL DEFAULT '',
    doc_type TEXT,
    category_id INTEGER REFERENCES categories(id),
    year INTEGER,
    date TEXT,
    published_date TEXT,
    issuer TEXT,
    doc_number TEXT,
    archive_code TEXT UNIQUE,
    retention TEXT,
    org TEXT,
    item_no INTEGER,
    secrecy TEXT,
    pages INTEGER,
    remarks TEXT,
    keywords TEXT,
    open_status TEXT,
    meeting_time TEXT,
    meeting_place TEXT,
    meeting_chair TEXT,
    meeting_attendees TEXT,
    meeting_guests TEXT,
    meeting_absentees TEXT,
    meeting_recorder TEXT,
    meeting_agenda TEXT,
    original_name TEXT,
    source_path TEXT,
    size INTEGER,
    sha256 TEXT NOT NULL UNIQUE,
    format TEXT,
    extractor TEXT,
    encoding TEXT,
    needs_ocr INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL,
    updated_at TEXT,
    deleted_at TEXT,
    batch_id INTEGER REFERENCES batches(id),
    guessed TEXT NOT NULL DEFAULT '{}',
    extra TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX documents_year ON documents(year);
CREATE INDEX documents_category ON documents(category_id);
-- 件号 is unique within its class (year + retention + 机构): a constraint, not a hope.
CREATE UNIQUE INDEX documents_item_no ON documents(year, retention, ifnull(org, ''), item_no)
    WHERE item_no IS NOT NULL;

CREATE TABLE document_text (
    doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    content TEXT NOT NULL DEFAULT '',
    ncontent TEXT NOT NULL DEFAULT ''
);

CREATE TABLE batch_files (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    doc_id INTEGER,
    error TEXT,
    detail TEXT
);
CREATE INDEX batch_files_batch ON batch_files(batch_id);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT,
    action TEXT NOT NULL,
    doc_id INTEGER,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_doc ON audit(doc_id);
"""


def _v1(db, progress=None) -> None:
    # statement by statement: executescript() would commit the migration's transaction
    for statement in SCHEMA_V1.split(";\n"):
        if statement.strip():
            db.execute(statement)
    add = "INSERT INTO categories (name, code, parent_id, position) VALUES (?, ?, ?, ?)"
    db.execute(add, [UNCATEGORIZED, None, None, 999])
    for position, (name, code, children) in enumerate(DEFAULT_CATEGORIES):
        parent = db.execute(add, [name, code, None, position]).lastrowid
        for i, child in enumerate(children):
            db.execute(add, [child, None, parent, i])


def _v2(db, progress=None) -> None:
    # The highest 件号 ever given in each class, so a number freed by a deletion is never
    # handed out again silently (only an explicit renumbering may lower it).
    db.execute(
        "CREATE TABLE item_counters ("
        " year INTEGER NOT NULL, retention TEXT NOT NULL, org TEXT NOT NULL DEFAULT '',"
        " last_item INTEGER NOT NULL, PRIMARY KEY (year, retention, org))"
    )


def _v3(db, progress=None) -> None:
    # meta: small facts about the archive itself (search_form: the version of the search form
    # ntitle/ncontent were written in; absent means 1, before 繁简 folding).
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    # 常用检索: a named query with its filters, kept in the archive so it travels with backups.
    db.execute(
        "CREATE TABLE saved_searches ("
        " id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, query TEXT NOT NULL DEFAULT '',"
        " filters TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL)"
    )


def _v4(db, progress=None) -> None:
    # OCR: a queue that survives restart and kill, pages kept as they are recognised (a restart
    # goes on where it stopped), and a mark on the document that its text was recognised.
    db.execute(
        "CREATE TABLE ocr_queue ("
        " doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
        " state TEXT NOT NULL DEFAULT 'waiting',"  # waiting, working, done, failed, cancelled
        " pages TEXT NOT NULL DEFAULT '[]',"  # page numbers (0-based) to recognise
        " base_chars INTEGER NOT NULL DEFAULT 0,"  # extracted text kept before the OCR text
        " queued_at TEXT NOT NULL, finished_at TEXT, error TEXT)"
    )
    db.execute("CREATE INDEX ocr_queue_state ON ocr_queue(state)")
    db.execute(
        "CREATE TABLE ocr_pages ("
        " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
        " page INTEGER NOT NULL, text TEXT NOT NULL DEFAULT '', margins TEXT NOT NULL DEFAULT '',"
        " confidence REAL, error TEXT, PRIMARY KEY (doc_id, page))"
    )
    db.execute("ALTER TABLE documents ADD COLUMN text_source TEXT")  # NULL: extracted; 'ocr'
    db.execute("ALTER TABLE documents ADD COLUMN ocr_confidence REAL")


def _v5(db, progress=None) -> None:
    # A mail's attachments are documents of their own: which document was which mail's
    # attachment (a duplicate attachment links to the document already there).
    db.execute(
        "CREATE TABLE mail_attachments ("
        " mail_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
        " doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
        " name TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (mail_id, doc_id))"
    )
    db.execute("CREATE INDEX mail_attachments_doc ON mail_attachments(doc_id)")


def _v6(db, progress=None) -> None:
    # The search forms move from document_text.ncontent to an append-only file read through a
    # memory map (core/store/texts.py); documents keep each one's span. Written and synced
    # before this transaction commits; a failed move leaves a file that the next open deletes.
    db.execute("ALTER TABLE documents ADD COLUMN text_at INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE documents ADD COLUMN text_len INTEGER NOT NULL DEFAULT 0")
    folder = Path(db.execute("PRAGMA database_list").fetchone()[2]).parent
    texts = SearchTexts(folder, None).fresh()
    total = db.execute("SELECT count(*) FROM document_text").fetchone()[0]
    try:
        last, done = 0, 0
        while True:
            page = db.execute(
                "SELECT doc_id, ncontent FROM document_text WHERE doc_id > ? "
                f"ORDER BY doc_id LIMIT {MOVE_PAGE}",
                [last],
            ).fetchall()
            for doc_id, data in page:
                db.execute(
                    "UPDATE documents SET text_at = ?, text_len = ? WHERE id = ?",
                    [*texts.append(data or ""), doc_id],
                )
            done += len(page)
            if progress is not None:
                progress(done, total)
            if len(page) < MOVE_PAGE:
                break
            last = page[-1][0]
        texts.sync()
    finally:
        texts.close()
    if progress is not None:
        progress(0, 0)  # the rest has no steps to count: copying the original texts over
    db.execute(
        "CREATE TABLE document_text_v6 (doc_id INTEGER PRIMARY KEY REFERENCES documents(id)"
        " ON DELETE CASCADE, content TEXT NOT NULL DEFAULT '')"
    )
    db.execute(
        "INSERT INTO document_text_v6 (doc_id, content) SELECT doc_id, content FROM document_text"
    )
    db.execute("DROP TABLE document_text")
    db.execute("ALTER TABLE document_text_v6 RENAME TO document_text")
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?), (?, ?)",
        [TEXT_FILE, texts.name, TEXT_END, str(texts.end)],
    )


MIGRATIONS = {1: _v1, 2: _v2, 3: _v3, 4: _v4, 5: _v5, 6: _v6}
TEXTS_MOVED = 6  # the version that moved the search forms out of archive.db
SCHEMA_VERSION = max(MIGRATIONS)
