import { describe, expect, it } from 'vitest';
import { createProgress, formatBytes, formatSummary } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream };
}

describe('build progress', () => {
  it('on a terminal: one line, updated in place, cleared before the summary', () => {
    const { writes, stream } = fakeStream(true);
    const p = createProgress(stream);
    p.pages('ar', 500);
    p.pages('ar', 1000); // within 100 ms of the last update: not shown
    p.language('ar', 1200);
    p.end();
    p.end();
    expect(writes).toEqual(['\r  ar 500 pages\x1b[K', '\r  ar 1,200 pages\x1b[K', '\r\x1b[K']);
    expect(writes.join('')).not.toContain('\n');
  });
  it('elsewhere: one plain line per language', () => {
    const { writes, stream } = fakeStream(false);
    const p = createProgress(stream);
    p.pages('en', 500);
    p.language('en', 5000);
    p.language('ckb', 1);
    p.end();
    expect(writes).toEqual(['en: 5,000 pages\n', 'ckb: 1 page\n']);
  });
  it('sums a build up in one line', () => {
    const line = formatSummary({ written: 12, unchanged: 20_011, removed: 1, bytesWritten: 86_000, ms: 3_240, out: 'output/', baseUrl: 'https://news.example.org' });
    expect(line).toBe('build: 12 written, 20,011 unchanged, 1 removed, 84 KB, 3.2 s → output/ (links use https://news.example.org)');
  });
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [5 * 1024 * 1024 + 300_000, '5.3 MB'],
  ])('writes %i bytes as %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
