import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify';
import { AdminError } from './admin-error';

/**
 * Holds every admin route's whole-number query parameters (paging, cursors, ids) to decimal
 * digits, as the SCIM API does (scim/paging.ts). The admin API's schema coercion alone turns
 * `1e999` into Infinity, which passes `type: integer` and pages from null or Infinity; checking
 * the text before coercion gives one clear 400 naming the parameter. The parameters are those
 * the route's querystring schema types `integer`, so they are named once, in the schema; range
 * rules (minimum, maximum) stay there too. Call before the routes are registered.
 */
export function holdIntegerQueriesToDigits(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const names = integerProperties(route.schema?.querystring);
    if (names.length === 0) return;
    const own = route.preValidation === undefined ? [] : [route.preValidation].flat();
    route.preValidation = [integerQuery(names), ...own];
  });
}

function integerProperties(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties ?? {};
  return Object.entries(properties)
    .filter(([, property]) => property.type === 'integer')
    .map(([name]) => name);
}

function integerQuery(names: string[]): preValidationHookHandler {
  return async (request: FastifyRequest): Promise<void> => {
    const query = request.query as Record<string, unknown>;
    for (const name of names) {
      const value = query[name];
      if (value === undefined) continue;
      if (Array.isArray(value)) throw AdminError.badRequest(`"${name}" must be an integer, given once; it was given ${value.length} times.`);
      if (typeof value !== 'string' || !/^[+-]?\d{1,30}$/.test(value))
        throw AdminError.badRequest(`"${name}" must be an integer; ${JSON.stringify(String(value)).slice(0, 60)} is not one.`);
    }
  };
}
