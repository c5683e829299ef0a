import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { Value } from 'typebox/value';
import type { TLocalizedValidationError } from 'typebox/error';
import { isPlainObject } from '../shared/json-values';

/**
 * The first thing wrong with a document checked by a TypeBox schema, told as the parts a message
 * needs: where (the path's steps), what the schema there takes (its `description`, written for
 * people), and what was there. Settings (settings/setting-check.ts) and imported files
 * (recorder/file-check.ts) say it each in their own words.
 */
export interface SchemaProblem {
  /** The bad value's path: object keys and array indexes (`['log', 'entries', '3', 'request']`). */
  steps: string[];
  /** The schema of the value there, when the path leads to one. */
  schema: SchemaNode | undefined;
  value: unknown;
  /** The object there has a key its schema does not list. */
  unknownKey?: string;
  /** The object there lacks a key its schema requires. */
  missingKey?: string;
  /** TypeBox's own words ("must be string"), for a schema that has no description. */
  message: string;
}

export interface SchemaNode {
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

export function firstProblem(schema: TSchema, errors: TLocalizedValidationError[], input: unknown): SchemaProblem {
  // An unknown key is also reported as a failed `false` schema on the key itself: the object's error says it better.
  const error = errors.find((each) => each.keyword === 'additionalProperties') ?? errors[0]!;
  const path = error.instancePath.split('/').slice(1).map(unescapePointer);
  const nodes = [schema as SchemaNode | undefined];
  for (const step of path) nodes.push(nodes.at(-1)?.properties?.[step] ?? nodes.at(-1)?.items);
  // A bad value inside one the schema describes (a tuple's element) is said as that value.
  let depth = path.length;
  if (error.keyword !== 'additionalProperties' && error.keyword !== 'required') while (depth > 0 && !nodes[depth]?.description) depth -= 1;
  const steps = path.slice(0, depth);
  const node = nodes[depth];
  const value = steps.reduce<unknown>(
    (parent, step) => (isPlainObject(parent) || Array.isArray(parent) ? (parent as Record<string, unknown>)[step] : undefined),
    input,
  );
  const params = error.params as { additionalProperties?: string[]; requiredProperties?: string[] };
  return {
    steps,
    schema: node,
    value,
    ...(error.keyword === 'additionalProperties' && { unknownKey: params.additionalProperties?.[0] }),
    ...(error.keyword === 'required' && { missingKey: params.requiredProperties?.find((key) => !isPlainObject(value) || !(key in value)) }),
    message: error.message,
  };
}

/** JSON Pointer escapes (RFC 6901): `~1` is `/`, `~0` is `~`. */
const unescapePointer = (step: string) => step.replace(/~1/g, '/').replace(/~0/g, '~');

/** What the checks use of a TypeBox validator: whether a value fits the schema, and why not. */
export type SchemaChecker = Pick<Validator, 'Check' | 'Errors'>;

/**
 * Checks before a schema is compiled. Compiling (generating the validator's code and evaluating it)
 * costs milliseconds of CPU per schema (~10 for the settings), and every CLI command that opens a
 * workspace checks its settings a few times and exits; TypeBox's interpreter checks those few without
 * any set-up. It is the engine the compiled validator itself falls back to where code cannot be
 * evaluated, and that Validator.Errors always uses, so the answers are the same.
 */
export const INTERPRETED_CHECKS = 16;

/**
 * The schema's checker: interpreted for its first INTERPRETED_CHECKS checks (a CLI command's few),
 * then compiled, for a process that checks it often (a serving engine, an import of many entries).
 */
export function lazyValidator(schema: TSchema): () => SchemaChecker {
  let compiled: Validator | undefined;
  let checks = 0;
  const interpreted: SchemaChecker = {
    Check: (value: unknown): value is unknown => {
      // Compiled once: a caller that kept this object goes on checking here, with the same answers.
      if (++checks >= INTERPRETED_CHECKS) compiled ??= Compile(schema);
      return Value.Check(schema, value);
    },
    Errors: (value: unknown) => (Value.Check(schema, value) ? [] : Value.Errors(schema, value)),
  };
  return () => compiled ?? interpreted;
}
