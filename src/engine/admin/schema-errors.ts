import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';

type SchemaErrorDataVar = Parameters<NonNullable<FastifyServerOptions['schemaErrorFormatter']>>[1];

/** What ajv adds to an error with its `verbose` option (admin-server.ts): the schema object the failing keyword is in. */
type VerboseError = FastifySchemaValidationError & { parentSchema?: SchemaNode };
interface SchemaNode {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

/**
 * The admin API's schemaErrorFormatter: ajv's sentences, each naming where (`body/target/auth`),
 * with what is allowed spelled out where ajv says only "the allowed values" or "additional
 * properties". A union's failure is said once, as the union's alternatives, not as the first
 * failure of each alternative. The error handler (admin-server.ts) sends it as `{error}`.
 */
export function formatSchemaErrors(errors: FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): Error {
  const unions = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .map((error) => `${error.schemaPath.replace(/\/(any|one)Of$/, '')}/`);
  const said = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf' || !unions.some((union) => error.schemaPath.startsWith(union)));
  const sentences = said.map((error) => `${dataVar}${error.instancePath}${tagOf(error)} ${sentence(error as VerboseError)}`);
  return new Error([...new Set(sentences)].join('; '));
}

function sentence(error: VerboseError): string {
  const params = error.params;
  const parent = error.parentSchema;
  switch (error.keyword) {
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(shown).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'additionalProperties': {
      const known = Object.keys(parent?.properties ?? {});
      const extra = JSON.stringify(params.additionalProperty);
      return `must NOT have additional properties: ${extra} is not one of ${known.length > 0 ? known.join(', ') : 'them (none are taken)'}`;
    }
    case 'discriminator': {
      const tag = String(params.tag);
      if (params.error !== 'mapping') return 'must be a string';
      const kinds = (parent?.oneOf ?? []).map((shape) => shape.properties?.[tag]?.const).filter((kind) => kind !== undefined);
      return `must be one of ${kinds.map(shown).join(', ')}, not ${JSON.stringify(params.tagValue)}`;
    }
    case 'anyOf':
    case 'oneOf': {
      const alternatives = (error.keyword === 'anyOf' ? parent?.anyOf : parent?.oneOf) ?? [];
      return `must be ${alternatives.map(describe).join(' or ')}`;
    }
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

/** A discriminator's error is about the tag (`kind`): the sentence names it. */
const tagOf = (error: FastifySchemaValidationError) => (error.keyword === 'discriminator' ? `/${String(error.params.tag)}` : '');

/** One alternative of a union, in a word or two: `"md"`, `string`, `null`, `an object`. */
function describe(schema: SchemaNode): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map(shown).join(' or ');
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
  return type === 'object' ? 'an object' : type === 'array' ? 'a list' : (type ?? 'another shape');
}

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
