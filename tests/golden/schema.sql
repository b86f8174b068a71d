CREATE VIEW article_records as
        select a.id, a.url, a.site, a.title, a.standfirst, a.published,
               substr(a.published, 1, 4) as year, substr(a.published, 1, 7) as month,
               a.genre, a.language, a.word_count, a.paywalled, a.version, a.gone_at,
               (select group_concat(au.name || coalesce(' (' || nullif(trim(
                           coalesce(aa.role, '') || case when aa.role is not null and
                           aa.organisation is not null then ', ' else '' end ||
                           coalesce(aa.organisation, '')), '') || ')', ''), '; ')
                from article_authors aa join authors au on au.id = aa.author_id
                where aa.article_id = a.id order by aa.position) as authors,
               (select group_concat(aa.role, '; ') from article_authors aa
                where aa.article_id = a.id and aa.role is not null) as roles,
               (select group_concat(aa.organisation, '; ') from article_authors aa
                where aa.article_id = a.id and aa.organisation is not null) as organisations,
               a.body,
               coalesce((select c.source from captures c where c.id = a.capture_id), 'crawl') as source
        from articles a
        where a.is_article = 1;
CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "standfirst", "body") VALUES('delete', old.rowid, old."title", old."standfirst", old."body");
END;
CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN
  INSERT INTO "articles_fts" (rowid, "title", "standfirst", "body") VALUES (new.rowid, new."title", new."standfirst", new."body");
END;
CREATE TRIGGER "articles_au" AFTER UPDATE ON "articles" BEGIN
  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "standfirst", "body") VALUES('delete', old.rowid, old."title", old."standfirst", old."body");
  INSERT INTO "articles_fts" (rowid, "title", "standfirst", "body") VALUES (new.rowid, new."title", new."standfirst", new."body");
END;
CREATE TABLE _migrations (name text primary key, applied_at text);
CREATE TABLE "article_authors" (
   "article_id" INTEGER REFERENCES "articles"("id"),
   "position" INTEGER,
   "author_id" INTEGER REFERENCES "authors"("id"),
   "role" TEXT,
   "organisation" TEXT,
   PRIMARY KEY ("article_id", "position")
);
CREATE TABLE article_urls (
        id integer primary key, article_id integer not null references articles(id),
        url text not null, found_by text, first_seen_at text, last_seen_at text,
        gone_at text, capture_id integer references captures(id), etag text,
        last_modified text);
CREATE TABLE "article_versions" (
   "id" INTEGER PRIMARY KEY,
   "article_id" INTEGER REFERENCES "articles"("id"),
   "version" INTEGER,
   "fetched_at" TEXT,
   "content_hash" TEXT,
   "title" TEXT,
   "standfirst" TEXT,
   "body" TEXT,
   "authors" TEXT,
   "published" TEXT,
   "updated" TEXT,
   "capture_id" INTEGER REFERENCES "captures"("id"),
   "extractor_version" TEXT
);
CREATE TABLE "articles" (
   "id" INTEGER PRIMARY KEY,
   "url" TEXT NOT NULL,
   "requested_url" TEXT,
   "site" TEXT,
   "title" TEXT,
   "standfirst" TEXT,
   "body" TEXT,
   "published" TEXT,
   "updated" TEXT,
   "published_raw" TEXT,
   "byline_raw" TEXT,
   "genre" TEXT,
   "language" TEXT,
   "paywalled" INTEGER,
   "word_count" INTEGER,
   "content_hash" TEXT,
   "fetched_at" TEXT,
   "first_seen_at" TEXT,
   "last_checked_at" TEXT,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "extractor_version" TEXT
, "capture_id" INTEGER, "version" INTEGER, "gone_at" TEXT, "etag" TEXT, "last_modified" TEXT, "is_article" INTEGER NOT NULL DEFAULT 1, "not_article_reason" TEXT, content_key text, "paywall_reason" TEXT);
CREATE VIRTUAL TABLE "articles_fts" USING FTS5 (
    "title", "standfirst", "body",
    tokenize='porter unicode61 remove_diacritics 2',
    content="articles"
);
CREATE TABLE 'articles_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE 'articles_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'articles_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'articles_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE "authors" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT NOT NULL,
   "name_key" TEXT NOT NULL
);
CREATE TABLE "bodies" (
   "sha256" TEXT PRIMARY KEY,
   "length" INTEGER,
   "data" BLOB
);
CREATE TABLE "captures" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "site" TEXT,
   "kind" TEXT,
   "url" TEXT,
   "requested_url" TEXT,
   "status" INTEGER,
   "reason" TEXT,
   "headers" TEXT,
   "redirects" TEXT,
   "content_type" TEXT,
   "body_sha256" TEXT REFERENCES "bodies"("sha256"),
   "fetched_at" TEXT,
   "warc_file" TEXT,
   "warc_offset" INTEGER,
   "hints" TEXT
, article_id integer references articles(id), "source" TEXT NOT NULL DEFAULT 'crawl', "source_uri" TEXT, "source_record" TEXT, "source_offset" INTEGER);
CREATE TABLE "crawls" (
   "id" INTEGER PRIMARY KEY,
   "site" TEXT,
   "trigger" TEXT,
   "args" TEXT,
   "started_at" TEXT,
   "finished_at" TEXT,
   "status" TEXT,
   "pages_fetched" INTEGER,
   "articles_new" INTEGER,
   "articles_updated" INTEGER,
   "articles_unchanged" INTEGER,
   "non_articles" INTEGER,
   "failures" INTEGER,
   "tradepress_version" TEXT
, "articles_gone" INTEGER, "captures" INTEGER, "schedule_id" INTEGER, "pid" INTEGER, "exit_status" INTEGER, "flags" TEXT, "log_file" TEXT, "teasers" INTEGER);
CREATE TABLE "failures" (
   "id" INTEGER PRIMARY KEY,
   "crawl_id" INTEGER REFERENCES "crawls"("id"),
   "site" TEXT,
   "url" TEXT,
   "status" INTEGER,
   "error" TEXT,
   "failed_at" TEXT
, "reason" TEXT, "kind" TEXT);
CREATE TABLE "schedules" (
   "id" INTEGER PRIMARY KEY,
   "site" TEXT,
   "cron" TEXT,
   "options" TEXT,
   "paused" INTEGER,
   "created_at" TEXT,
   "last_run_at" TEXT,
   "next_run_at" TEXT,
   "last_crawl_id" INTEGER
);
CREATE TABLE "sites" (
   "name" TEXT PRIMARY KEY,
   "title" TEXT,
   "base_url" TEXT,
   "language" TEXT,
   "country" TEXT,
   "first_crawled_at" TEXT,
   "last_crawled_at" TEXT
);
CREATE TABLE "tasks" (
   "id" INTEGER PRIMARY KEY,
   "kind" TEXT,
   "args" TEXT,
   "started_at" TEXT,
   "finished_at" TEXT,
   "status" TEXT,
   "pid" INTEGER,
   "rows" INTEGER,
   "error" TEXT
);
CREATE INDEX "idx_article_authors_author_id"
    ON "article_authors" ("author_id");
CREATE INDEX idx_article_urls_article_id on article_urls (article_id);
CREATE UNIQUE INDEX idx_article_urls_url on article_urls (url);
CREATE UNIQUE INDEX "idx_article_versions_article_id_version"
    ON "article_versions" ("article_id", "version");
CREATE INDEX idx_articles_content_key on articles (content_key, site) where content_key is not null;
CREATE INDEX idx_articles_non_articles on articles (id) where is_article = 0;
CREATE INDEX "idx_articles_site_published"
    ON "articles" ("site", "published");
CREATE UNIQUE INDEX "idx_articles_url"
    ON "articles" ("url");
CREATE UNIQUE INDEX "idx_authors_name_key"
    ON "authors" ("name_key");
CREATE INDEX idx_captures_article_id on captures (article_id);
CREATE INDEX "idx_captures_crawl_id"
    ON "captures" ("crawl_id");
CREATE INDEX idx_captures_source_record on captures (source_record) where source_record is not null;
CREATE INDEX "idx_captures_url"
    ON "captures" ("url");
CREATE INDEX "idx_failures_crawl_id"
    ON "failures" ("crawl_id");
