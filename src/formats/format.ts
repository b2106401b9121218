import type { AnySchema } from 'ajv';
import { compileChecker, type Checker } from '../validate/ajv.js';
import { OutputValidationError, ValidationError, type Problem } from '../validate/problems.js';

/** One output format: its media type, its file name, and a render that never returns invalid output. */
export interface Format<View> {
  readonly id: string;
  /** IANA media type, without parameters. */
  readonly mediaType: string;
  /** File name under `output/<lang>/` (and the public route's last segment). */
  readonly file: string;
  /** The JSON Schema every document is checked against before it is serialized. */
  readonly schema: AnySchema;
  render(view: View): string;
}

export interface FormatSpec<View, Doc> {
  id: string;
  mediaType: string;
  file: string;
  schema: AnySchema;
  /** Pure: the wire document (the spec's own field names) for a localized view. */
  build(view: View): Doc;
  /** Pure: the document's bytes. */
  serialize(doc: Doc): string;
  /** Rules JSON Schema cannot express (e.g. unique ids). */
  extraRules?(doc: Doc): Problem[];
}

/**
 * Makes a format whose render is build → check → serialize. The schema is compiled once, here;
 * a document that breaks it raises a ValidationError naming every broken rule and is never returned.
 * The XML formats are checked as the document tree they are serialized from: that tree keeps the
 * spec's names, so the schema reads like the spec and a failure points at the element that broke it.
 */
export function defineFormat<View, Doc>(spec: FormatSpec<View, Doc>): Format<View> {
  const check: Checker<Doc> = compileChecker<Doc>(`${spec.id} output`, spec.schema, spec.extraRules);
  return {
    id: spec.id,
    mediaType: spec.mediaType,
    file: spec.file,
    schema: spec.schema,
    render(view) {
      let doc: Doc;
      try {
        doc = check(spec.build(view));
      } catch (error) {
        if (error instanceof ValidationError) throw new OutputValidationError(error.subject, error.problems);
        throw error;
      }
      return spec.serialize(doc);
    },
  };
}
