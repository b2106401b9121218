import { describe, expect, it } from 'vitest';
import { checkArticleRules, createArticleChecker } from '../../src/article/validate.js';
import type { Article } from '../../src/article/types.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { ValidationError } from '../../src/validate/problems.js';
import { sampleArticle } from '../fixtures/sample-view.js';

const withSubjects = (...codes: string[]): Article => ({ ...sampleArticle(), subjects: codes.map((code) => ({ code })) });

function problemsOf(article: Article): { pointer: string; message: string }[] {
  try {
    createArticleChecker(defaultLanguages)(article);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('the article check and IPTC Media Topics', () => {
  it("accepts the sample story's topics", () => {
    expect(problemsOf(sampleArticle())).toEqual([]);
  });
  it('refuses a code IPTC never issued, at its pointer', () => {
    expect(problemsOf(withSubjects('medtop:16000000', 'medtop:99999999'))).toEqual([
      { pointer: '/subjects/1/code', message: 'medtop:99999999 is not an IPTC Media Topic (IPTC Media Topics, release 2019-04-06)' },
    ]);
  });
  it('refuses a retired code and says what IPTC says to use instead', () => {
    expect(problemsOf(withSubjects('medtop:20000167'))).toEqual([
      { pointer: '/subjects/0/code', message: 'medtop:20000167 was retired by IPTC on 2019-12-11; use medtop:20000168 (emergency response)' },
    ]);
  });
  it('names every bad code, not only the first', () => {
    expect(checkArticleRules(withSubjects('medtop:00000001', 'medtop:20000599', 'medtop:20000064')).map((p) => p.pointer)).toEqual(['/subjects/0/code', '/subjects/2/code']);
  });
});
