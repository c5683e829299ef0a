import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import { isPlainObject } from '../../shared/json-values';

/**
 * Settings are checked against TypeBox schemas (one per group: workspace, retention, auth) that
 * carry their own wording: each value's `description` says what it takes ("a whole number of days
 * from 1 to 3650, or off (null)"), each object's `title` what its keys are called ("retention
 * limit"). The first problem becomes one sentence naming the setting by its path, e.g.
 * `Setting "retention.days" must be a whole number of days from 1 to 3650, or off (null); got 0.`
 */
export function settingCheck<T extends TSchema>(schema: T, options: CheckOptions): (input: unknown) => Static<T> {
  const validator = Compile(schema);
  return (input) => {
    if (validator.Check(input)) return input as Static<T>;
    throw new Error(problem(schema, validator.Errors(input), input, options));
  };
}

interface CheckOptions {
  /** Where the schema's value sits in the settings (`retention`), or '' for the whole document. */
  path: string;
  /** What the whole document is called when it is not even an object ("Workspace settings"). */
  subject?: string;
}

/** A string setting that takes one of a few values; the description lists them. */
export const Choice = <const Values extends string[]>(values: readonly [...Values]) => Type.Enum(values, { description: `one of ${values.join(', ')}` });

interface Node {
  title?: string;
  description?: string;
  properties?: Record<string, Node>;
}

function problem(schema: TSchema, errors: TLocalizedValidationError[], input: unknown, options: CheckOptions): string {
  // An unknown key is also a failed `false` schema on the key itself: the object's error says it better.
  const error = errors.find((each) => each.keyword === 'additionalProperties') ?? errors[0]!;
  const steps = error.instancePath.split('/').slice(1).map(unescapePointer);
  const at = (...more: string[]) => [options.path, ...steps, ...more].filter(Boolean).join('.');
  const node = steps.reduce<Node | undefined>((parent, step) => parent?.properties?.[step], schema as Node);
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperties: string[] }).additionalProperties[0]!;
    return `Unknown ${node?.title ?? 'setting'} "${at(key)}"; known: ${Object.keys(node?.properties ?? {}).join(', ')}.`;
  }
  const value = steps.reduce<unknown>((parent, step) => (isPlainObject(parent) ? parent[step] : undefined), input);
  const subject = at() ? `Setting "${at()}"` : (options.subject ?? 'Settings');
  const allowed = node?.description ?? error.message;
  return `${subject} must be ${allowed}; got ${JSON.stringify(value)}.`;
}

/** JSON Pointer escapes (RFC 6901): `~1` is `/`, `~0` is `~`. */
const unescapePointer = (step: string) => step.replace(/~1/g, '/').replace(/~0/g, '~');
