import { Ajv, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describeForbiddenChar, pointerOf, type Problem, ValidationError } from './problems.js';
import { wordProblems } from './wording.js';

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const FORBIDDEN_ANY = /[\u0000-\u0008\u000B-\u001F\u202A-\u202E\uFFFE\uFFFF]/;

/** The process's Ajv instance (draft-07; ninjs's 2020-12 one is `ajv2020.ts`). Every schema is compiled once, at start-up. */
export const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, unicodeRegExp: true });
addFormats(ajv);

/** What a checker needs of an Ajv instance: the draft-07 one here, or the 2020-12 one (`ajv2020.ts`). */
export type AjvInstance = Pick<Ajv, 'compile' | 'getSchema' | 'removeSchema'>;

/** A compiled schema that throws a ValidationError listing every problem. */
export interface Checker<T> {
  (value: unknown): T;
  readonly schema: AnySchema;
}

/** Per Ajv instance, the compiled schemas by content. */
const compiled = new WeakMap<AjvInstance, Map<string, ValidateFunction>>();

/** Compiles a schema once per content; a schema with the same `$id` but new content replaces the old. */
function compileOnce(schema: AnySchema, instance: AjvInstance): ValidateFunction {
  let byContent = compiled.get(instance);
  if (!byContent) compiled.set(instance, (byContent = new Map()));
  const key = JSON.stringify(schema);
  let validate = byContent.get(key);
  if (!validate) {
    const id = typeof schema === 'object' ? (schema as { $id?: string }).$id : undefined;
    if (id && instance.getSchema(id)) instance.removeSchema(id);
    validate = instance.compile(schema);
    byContent.set(key, validate);
  }
  return validate;
}

/**
 * A checker for `schema`, compiled once in `instance`: the process's draft-07 instance unless
 * another is given (ninjs needs the JSON Schema 2020-12 one, `ajv2020.ts`).
 */
export function compileChecker<T>(
  subject: string,
  schema: AnySchema,
  extraRules?: (value: T) => Problem[],
  instance: AjvInstance = ajv,
  describe: (errors: readonly ErrorObject[]) => Problem[] = toProblems,
): Checker<T> {
  const validate = compileOnce(schema, instance);
  const check = (value: unknown): T => {
    if (!validate(value)) throw new ValidationError(subject, describe(validate.errors ?? []));
    const extra = extraRules?.(value as T) ?? [];
    if (extra.length > 0) throw new ValidationError(subject, extra);
    return value as T;
  };
  return Object.assign(check, { schema });
}

/**
 * A checker for a document people write (an article sent to the API, say): like `compileChecker`,
 * but every schema problem is in words that name the field (`wording.ts`), not a rule and a regex.
 */
export function compileInputChecker<T>(subject: string, schema: AnySchema, extraRules?: (value: T) => Problem[]): Checker<T> {
  return compileChecker(subject, schema, extraRules, ajv, (errors) => wordProblems(errors, `the ${subject}`));
}

/** Turns ajv's errors into readable problems, one per broken rule (for our own outputs: see `compileInputChecker` for inputs). */
export function toProblems(errors: readonly ErrorObject[]): Problem[] {
  // A bad property name is reported twice (the inner rule and "propertyNames"): keep the inner one.
  return errors.filter((e) => e.keyword !== 'propertyNames').map((e) => ({ pointer: pointerOf(e), message: messageOf(e) }));
}


function messageOf(e: ErrorObject): string {
  if (e.propertyName !== undefined && e.keyword === 'enum') {
    return `is not a supported key (supported: ${(e.params.allowedValues as unknown[]).map(String).join(', ')})`;
  }
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
    case 'unevaluatedProperties':
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
