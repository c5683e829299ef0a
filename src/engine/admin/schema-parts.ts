/** JSON-schema pieces several admin routes share (fastify validates bodies with them). */

export const textSchema = { type: 'string', maxLength: 4096 } as const;

/** A target's credentials (ReplayAuth): bearer, basic, a custom header, OAuth client credentials, or none. */
export const authSchema = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['kind', 'token'], properties: { kind: { const: 'bearer' }, token: textSchema } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'username', 'password'],
      properties: { kind: { const: 'basic' }, username: textSchema, password: textSchema },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name', 'value'],
      properties: { kind: { const: 'header' }, name: { type: 'string', pattern: '^[A-Za-z0-9-]{1,100}$' }, value: textSchema },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'tokenUrl', 'clientId', 'clientSecret'],
      properties: { kind: { const: 'oauth' }, tokenUrl: { type: 'string', maxLength: 2048 }, clientId: textSchema, clientSecret: textSchema },
    },
    { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'none' } } },
  ],
} as const;

export const idParamsSchema = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } as const;

/** Where a job sends its traffic: one of this workbench's workspaces, or another SCIM server with its credentials. */
export const trafficTargetSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'workspace'],
      properties: { kind: { const: 'workspace' }, workspace: { type: 'string', maxLength: 64 } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'baseUrl', 'auth'],
      properties: { kind: { const: 'url' }, baseUrl: textSchema, auth: authSchema, confirmed: { type: 'boolean' } },
    },
  ],
} as const;
