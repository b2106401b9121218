import type { ErrorObject } from 'ajv';
/** One broken rule: where (RFC 6901 JSON pointer into the checked document) and what. */
export interface Problem {
  pointer: string;
  message: string;
}

/** Raised when a document fails its schema; carries every problem, never just the first. */
export class ValidationError extends Error {
  constructor(
    /** What was checked, e.g. "article" or "rss feed (ckb)". */
    readonly subject: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${subject} is invalid: ${problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`);
    this.name = 'ValidationError';
  }
}

/** Names the first character that the text policy refuses, for a readable error. */
export function describeForbiddenChar(value: string, forbidden: RegExp): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    const next = value.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    const ch = value[i] ?? '';
    if (forbidden.test(ch) || (code >= 0xd800 && code <= 0xdfff)) {
      const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
      const kind =
        code >= 0x202a && code <= 0x202e
          ? 'a bidi embedding/override control, which can reorder text invisibly'
          : code >= 0xd800 && code <= 0xdfff
            ? 'a lone surrogate, which is not a character'
            : 'a character XML 1.0 cannot carry';
      return `contains ${hex} at position ${i}: ${kind}`;
    }
  }
  return undefined;
}

/** One of our own outputs failed its schema: a bug of ours, never the caller's. It is not served. */
export class OutputValidationError extends ValidationError {
  constructor(subject: string, problems: readonly Problem[]) {
    super(subject, problems);
    this.name = 'OutputValidationError';
  }
}

/**
 * The JSON pointer an ajv error is about: for a missing, unknown or badly named property, the
 * property itself rather than the object holding it.
 */
export function pointerOf(e: ErrorObject): string {
  if (e.propertyName !== undefined) return `${e.instancePath}/${escapePointer(e.propertyName)}`;
  if (e.keyword === 'required') return `${e.instancePath}/${escapePointer(String(e.params.missingProperty))}`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${escapePointer(String(e.params.additionalProperty))}`;
  if (e.keyword === 'unevaluatedProperties') return `${e.instancePath}/${escapePointer(String(e.params.unevaluatedProperty))}`;
  return e.instancePath;
}

/** RFC 6901: "~" and "/" inside a key are escaped. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
