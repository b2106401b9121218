import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Parser from 'rss-parser';

/*
 * Real feed readers, run headlessly: Debian's python3-feedparser and newsboat (installed by .ci/run)
 * and rss-parser from npm. Each reader reads a whole batch of feeds in one run.
 */

const run = promisify(execFile);

/** One feed as served: a name unique in its batch (`rss-en`), its media type and its bytes. */
export interface FeedFile {
  name: string;
  mediaType: string;
  xml: string;
}

/** One entry as a reader shows it. */
export interface ReadEntry {
  /** RSS guid or Atom id, as the reader keeps it. */
  id: string;
  /** The link the reader opens for the entry. */
  link: string;
  /** The headline as the reader shows it. */
  title: string;
  /** The author names the reader shows (for newsboat and rss-parser: one name at most). */
  authors: string[];
  /** Every link the reader keeps (feedparser only): rel, hreflang, href. */
  links?: { rel: string; hreflang?: string; href: string }[];
}

export type Reading = Map<string, ReadEntry[]>;

/**
 * python feedparser: `title`, HTML-unescaped when feedparser marks it `text/html` (it guesses for
 * RSS, so a client shows that title as HTML); `link`; the `authors`' names; every link.
 */
const FEEDPARSER = String.raw`
import feedparser, html, json, sys
out = {}
for name, path in zip(sys.argv[1::2], sys.argv[2::2]):
    d = feedparser.parse(path)
    if d.get('bozo'):
        raise SystemExit('feedparser could not parse %s: %r' % (name, d.get('bozo_exception')))
    entries = []
    for e in d.entries:
        title = e.get('title', '')
        if e.get('title_detail', {}).get('type') == 'text/html':
            title = html.unescape(title)
        entries.append({
            'id': e.get('id', ''),
            'link': e.get('link', ''),
            'title': title,
            'authors': [a.get('name', '') for a in e.get('authors', [])],
            'links': [{k: v for k, v in (('rel', l.get('rel')), ('hreflang', l.get('hreflang')), ('href', l.get('href'))) if v is not None} for l in e.get('links', [])],
        })
    out[name] = entries
print(json.dumps(out))
`;

export async function readWithFeedparser(feeds: readonly FeedFile[]): Promise<Reading> {
  return withTempDir(async (dir) => {
    const args = feeds.flatMap((f) => {
      const path = join(dir, `${f.name}.xml`);
      writeFileSync(path, f.xml);
      return [f.name, path];
    });
    const { stdout } = await run('/usr/bin/python3', ['-c', FEEDPARSER, ...args], { maxBuffer: 256 * 1024 * 1024 });
    return new Map(Object.entries(JSON.parse(stdout) as Record<string, ReadEntry[]>));
  });
}

/**
 * newsboat fetches every feed over HTTP from a server on 127.0.0.1 (`newsboat -x reload`), then
 * the entries are read back from its cache (table `rss_item`) with the sqlite3 CLI. newsboat keeps
 * one item per guid across all its feeds, so a batch must not repeat a guid.
 */
export async function readWithNewsboat(feeds: readonly FeedFile[]): Promise<Reading> {
  const byPath = new Map(feeds.map((f) => [`/${f.name}.xml`, f]));
  const server = createServer((req, res) => {
    const feed = byPath.get(req.url ?? '');
    if (!feed) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': `${feed.mediaType}; charset=utf-8` }).end(feed.xml);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return await withTempDir(async (dir) => {
      const urls = join(dir, 'urls');
      const cache = join(dir, 'cache.db');
      writeFileSync(urls, feeds.map((f) => `${base}/${f.name}.xml\n`).join(''));
      // A home of its own, no proxy for loopback, UTF-8 whatever the caller's locale.
      const { http_proxy: _h, HTTP_PROXY: _H, https_proxy: _s, HTTPS_PROXY: _S, all_proxy: _a, ALL_PROXY: _A, ...env } = process.env;
      await run('newsboat', ['-u', urls, '-c', cache, '-C', '/dev/null', '-x', 'reload'], {
        env: { ...env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, LC_ALL: 'C.UTF-8', no_proxy: '127.0.0.1', NO_PROXY: '127.0.0.1' },
        timeout: 60_000,
      });
      const { stdout } = await run('sqlite3', ['-json', cache, 'SELECT feedurl, guid, url, title, author FROM rss_item ORDER BY id'], { maxBuffer: 256 * 1024 * 1024 });
      const rows = (stdout.trim() ? JSON.parse(stdout) : []) as { feedurl: string; guid: string; url: string; title: string; author: string }[];
      return new Map(
        feeds.map((f) => [
          f.name,
          rows.filter((r) => r.feedurl === `${base}/${f.name}.xml`).map((r) => ({ id: r.guid, link: r.url, title: r.title, authors: r.author ? [r.author] : [] })),
        ]),
      );
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** rss-parser: `item.title`, `item.link`, and `dc:creator` (RSS) or the first author (Atom). */
export async function readWithRssParser(feeds: readonly FeedFile[]): Promise<Reading> {
  const parser = new Parser();
  const reading: Reading = new Map();
  for (const f of feeds) {
    const parsed = await parser.parseString(f.xml);
    reading.set(
      f.name,
      parsed.items.map((item) => {
        const it = item as typeof item & { id?: string; author?: string };
        const author = it.creator ?? it.author;
        return { id: it.guid ?? it.id ?? '', link: it.link ?? '', title: it.title ?? '', authors: author ? [author] : [] };
      }),
    );
  }
  return reading;
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'rojname-readers-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
