import { Type, type Static, type TSchema } from 'typebox';
import type { TLocalizedValidationError } from 'typebox/error';
import { firstProblem, lazyValidator } from '../schema-problem';

/**
 * Settings are checked against TypeBox schemas (one per group: workspace, retention, auth) that
 * carry their own wording: each value's `description` says what it takes ("a whole number of days
 * from 1 to 3650, or off (null)"), each object's `title` what its keys are called ("retention
 * limit"). The first problem becomes one sentence naming the setting by its path, e.g.
 * `Setting "retention.days" must be a whole number of days from 1 to 3650, or off (null); got 0.`
 */
export function settingCheck<T extends TSchema>(schema: T, options: CheckOptions): (input: unknown) => Static<T> {
  const validatorOf = lazyValidator(schema);
  return (input) => {
    const validator = validatorOf();
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

function problem(schema: TSchema, errors: TLocalizedValidationError[], input: unknown, options: CheckOptions): string {
  const { steps, schema: node, value, unknownKey, message } = firstProblem(schema, errors, input);
  const at = (...more: string[]) => [options.path, ...steps, ...more].filter(Boolean).join('.');
  if (unknownKey !== undefined) return `Unknown ${node?.title ?? 'setting'} "${at(unknownKey)}"; known: ${Object.keys(node?.properties ?? {}).join(', ')}.`;
  const subject = at() ? `Setting "${at()}"` : (options.subject ?? 'Settings');
  return `${subject} ${node?.description ? `must be ${node.description}` : message}; got ${JSON.stringify(value)}.`;
}
