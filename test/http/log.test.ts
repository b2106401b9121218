import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJsonLog, jsonLine, type LogRecord } from '../../src/http/log.js';

const LEVELS = { info: 30, warn: 40, error: 50 } as const;

describe('jsonLine', () => {
  // Field names are words (never `time`, nor array indices, which JavaScript orders first).
  it('writes exactly what JSON.stringify writes for the record, whatever its text', () => {
    const value = fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(undefined), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.constantFrom('info', 'warn', 'error'), fc.string({ unit: 'binary' }), fc.dictionary(fc.string().filter((k) => !['level', 'msg', 'time', '__proto__'].includes(k) && !/^(?:0|[1-9]\d*)$/.test(k)), value, { maxKeys: 6 }), fc.nat(), (level, msg, fields, time) => {
        const record = { level, msg, ...fields } as LogRecord;
        const { level: _l, msg: _m, ...rest } = record;
        expect(jsonLine(record, time)).toBe(`${JSON.stringify({ level: LEVELS[level], time, ...rest, msg })}\n`);
      }),
      { numRuns: 2000 },
    );
  });
  it('keeps a crafted path inside its string: one line, one record', () => {
    const line = jsonLine({ level: 'info', msg: 'request', path: '/en/\n{"level":50,"msg":"forged"}' }, 1);
    expect(line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line)).toEqual({ level: 30, time: 1, path: '/en/\n{"level":50,"msg":"forged"}', msg: 'request' });
  });
});

describe('createJsonLog', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'rojname-log-')), 'log');
  const until = async (done: () => boolean) => {
    const end = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  it('writes the lines of many requests together, later, in order, none lost', async () => {
    const path = file();
    const fd = openSync(path, 'w');
    const { log } = createJsonLog(fd);
    for (let i = 0; i < 1000; i++) log({ level: 'info', msg: 'request', n: i });
    // Nothing is written on the request's path.
    expect(readFileSync(path, 'utf8')).toBe('');
    await until(() => readFileSync(path, 'utf8').split('\n').length === 1001);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { n: number }).n)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    closeSync(fd);
  });
  it('writes what it holds at once on flush (at exit)', () => {
    const path = file();
    const fd = openSync(path, 'w');
    const { log, flush } = createJsonLog(fd);
    log({ level: 'warn', msg: 'last words' });
    flush();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ level: 40, msg: 'last words' });
    closeSync(fd);
  });
});
