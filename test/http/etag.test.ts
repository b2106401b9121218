import { describe, expect, it } from 'vitest';
import { etagMatches } from '../../src/http/send.js';

describe('etagMatches (If-None-Match)', () => {
  it('matches the tag, its weak form, a list holding it, *, and its encodings, and nothing else', () => {
    const tag = '"abc"';
    for (const inm of ['"abc"', 'W/"abc"', '"x", "abc"', ' "x" ,W/"abc" ', '*', '"abc-br.1"', '"abc-gzip"', 'abc']) expect([inm, etagMatches(inm, tag)]).toEqual([inm, true]);
    for (const inm of ['"ab"', '"abcd"', '"x", "y"', '', '"xabc"', 'W/"ab-c"']) expect([inm, etagMatches(inm, tag)]).toEqual([inm, false]);
  });
});
