import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import type { ClientKind } from '../../shared/recording';
import { SEARCH_CLIENTS } from '../../shared/search/parse-search';
import { firstProblem, lazyValidator } from '../schema-problem';

/**
 * Checks an imported file (a session file, a HAR) against its TypeBox schema. The first problem is
 * named by its path in the file and what the schema's `description` says belongs there, e.g.
 * `log.entries[3].response.status must be an HTTP status number.` The value itself is not quoted:
 * a file from elsewhere may carry secrets, and the message reaches the inspector and the CLI.
 */
export function fileCheck<T extends TSchema>(schema: T, subject: string): (input: unknown) => Static<T> {
  const validatorOf = lazyValidator(schema);
  return (input) => {
    const validator = validatorOf();
    if (validator.Check(input)) return input as Static<T>;
    const { steps, schema: node, missingKey, message } = firstProblem(schema, validator.Errors(input), input);
    const at = pathOf(steps);
    if (missingKey !== undefined) throw new Error(at ? `${at}.${missingKey} is missing.` : `${subject} has no "${missingKey}".`);
    throw new Error(`${at || subject} ${node?.description ? `must be ${node.description}` : message}.`);
  };
}

/** `log.entries[3].request`: keys joined with dots, array indexes in brackets. */
const pathOf = (steps: string[]) => steps.map((step, index) => (/^\d+$/.test(step) ? `[${step}]` : index === 0 ? step : `.${step}`)).join('');

/** Shapes both kinds of file use. */
export const FileParts = {
  object: <Properties extends TProperties>(properties: Properties) => Type.Object(properties, { description: 'a JSON object' }),
  nonEmptyText: Type.String({ minLength: 1, description: 'a non-empty string' }),
  // 0: no answer at all (a connection the chaos lab dropped; browsers write it in HARs for a failed request).
  status: Type.Union([Type.Literal(0), Type.Integer({ minimum: 100, maximum: 599 })], { description: 'an HTTP status number' }),
  /** Any text Date.parse reads, as the recorder's own files and browsers' HARs write it. */
  time: Type.Refine(
    Type.String({ description: 'an ISO 8601 time' }),
    (text) => !Number.isNaN(Date.parse(text)),
    () => 'not a time',
  ),
};

/** Who sent an imported exchange; a client this workbench does not know (a file edited by hand) is `other`. */
export const clientKind = (value: unknown): ClientKind => SEARCH_CLIENTS.find((client) => client === value) ?? 'other';
