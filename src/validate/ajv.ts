import { Ajv, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describeForbiddenChar, type Problem, ValidationError } from './problems.js';

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const FORBIDDEN_ANY = /[\u0000-\u0008\u000B-\u001F\u202A-\u202E\uFFFE\uFFFF]/;

/** The one Ajv instance of the process. Every schema is compiled once, at start-up. */
export const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, unicodeRegExp: true });
addFormats(ajv);

/** A compiled schema that throws a ValidationError listing every problem. */
export interface Checker<T> {
  (value: unknown): T;
  readonly schema: AnySchema;
}

const compiled = new Map<string, ValidateFunction>();

/** Compiles a schema once per content; a schema with the same `$id` but new content replaces the old. */
function compileOnce(schema: AnySchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    const id = typeof schema === 'object' ? (schema as { $id?: string }).$id : undefined;
    if (id && ajv.getSchema(id)) ajv.removeSchema(id);
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

export function compileChecker<T>(subject: string, schema: AnySchema, extraRules?: (value: T) => Problem[]): Checker<T> {
  const validate = compileOnce(schema);
  const check = (value: unknown): T => {
    if (!validate(value)) throw new ValidationError(subject, toProblems(validate.errors ?? []));
    const extra = extraRules?.(value as T) ?? [];
    if (extra.length > 0) throw new ValidationError(subject, extra);
    return value as T;
  };
  return Object.assign(check, { schema });
}

/** Turns ajv's errors into readable problems, one per broken rule. */
export function toProblems(errors: readonly ErrorObject[]): Problem[] {
  // A bad property name is reported twice (the inner rule and "propertyNames"): keep the inner one.
  return errors.filter((e) => e.keyword !== 'propertyNames').map((e) => ({ pointer: pointerOf(e), message: messageOf(e) }));
}

function pointerOf(e: ErrorObject): string {
  if (e.propertyName !== undefined) return `${e.instancePath}/${escapePointer(e.propertyName)}`;
  if (e.keyword === 'required') return `${e.instancePath}/${escapePointer(String(e.params.missingProperty))}`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${escapePointer(String(e.params.additionalProperty))}`;
  return e.instancePath;
}

/** RFC 6901: "~" and "/" inside a key are escaped. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function messageOf(e: ErrorObject): string {
  if (e.propertyName !== undefined && e.keyword === 'enum') {
    return `is not a supported key (supported: ${(e.params.allowedValues as unknown[]).map(String).join(', ')})`;
  }
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known property';
    case 'enum':
      return `must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'pattern':
      if (typeof e.data === 'string') {
        const why = describeForbiddenChar(e.data, FORBIDDEN_ANY);
        if (why) return why;
      }
      return `must match the pattern ${String(e.params.pattern)}`;
    case 'maxLength':
      return `is too long: at most ${String(e.params.limit)} characters`;
    default:
      return e.message ?? `breaks rule "${e.keyword}"`;
  }
}
