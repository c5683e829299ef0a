import { Type, type Static, type TObject, type TProperties, type TUnion, type TUnsafe } from 'typebox';

/**
 * Schema pieces several admin routes share. Each route's schema is TypeBox: fastify's ajv checks a
 * request with it and the TypeBox type provider gives the handler its type, from the one definition.
 */

/** An object that takes no keys besides those listed (a typo is refused, not ignored). */
export const Strict = <Properties extends TProperties>(properties: Properties) => Type.Object(properties, { additionalProperties: false });

export const Text = Type.String({ maxLength: 4096 });

/**
 * Object shapes told apart by their `kind`. A oneOf with ajv's `discriminator` (option set in
 * admin-server.ts): ajv checks only the shape the kind names, so an error says what that shape
 * lacks ("body/target must have required property 'auth'") instead of listing every shape's. Each
 * shape needs `kind` as a required literal. TypeBox has no oneOf, so the type is the union's.
 */
export function byKind<Shapes extends TObject[]>(shapes: [...Shapes]): TUnsafe<Static<TUnion<Shapes>>> {
  return Type.Unsafe<Static<TUnion<Shapes>>>({ type: 'object', required: ['kind'], discriminator: { propertyName: 'kind' }, oneOf: shapes });
}

/** A target's credentials (ReplayAuth): bearer, basic, a custom header, OAuth client credentials, or none. */
export const Auth = byKind([
  Strict({ kind: Type.Literal('bearer'), token: Text }),
  Strict({ kind: Type.Literal('basic'), username: Text, password: Text }),
  Strict({ kind: Type.Literal('header'), name: Type.String({ pattern: '^[A-Za-z0-9-]{1,100}$' }), value: Text }),
  Strict({ kind: Type.Literal('oauth'), tokenUrl: Type.String({ maxLength: 2048 }), clientId: Text, clientSecret: Text }),
  Strict({ kind: Type.Literal('none') }),
]);

export const Id = Type.Integer({ minimum: 1 });
export const IdParams = Type.Object({ id: Id });

export const Slug = Type.String({ maxLength: 64 });
export const SlugParams = Type.Object({ slug: Slug });

/** Where a job sends its traffic: one of this workbench's workspaces, or another SCIM server with its credentials. */
export const TrafficTarget = byKind([
  Strict({ kind: Type.Literal('workspace'), workspace: Slug }),
  Strict({ kind: Type.Literal('url'), baseUrl: Text, auth: Auth, confirmed: Type.Optional(Type.Boolean()) }),
]);

/** A download's format, and the admin token a link carries (`?token=`, see admin-auth.ts). */
export const ReportQuery = Type.Object({ format: Type.Optional(Type.Enum(['json', 'md'])), token: Type.Optional(Type.String()) });

/** The token a link or an EventSource carries in the query (see admin-auth.ts); every GET query schema takes it. */
export const QueryToken = Type.Optional(Type.String());

/**
 * A preValidation hook for a body that may be left out (or sent as JSON null): it is then `{}`, so
 * the schema and the handler see one shape. Routes call it from an arrow (`preValidation: (request)
 * => emptyBodyAsObject(request)`): given bare, TypeScript infers the route's types through this
 * function's type, 1.3 million type instantiations, most of `npm run typecheck` on a fresh clone.
 */
export const emptyBodyAsObject = async (request: { body: unknown }): Promise<void> => void (request.body ??= {});
