import type { FastifyRequest } from 'fastify';
import { AdminError } from './admin-error';

/**
 * A route's preValidation hook holding whole-number query parameters (paging, cursors, ids) to
 * decimal digits, as the SCIM API does (scim/paging.ts). The admin API's schema coercion alone
 * turns `1e999` into Infinity, which passes `type: integer` and pages from null or Infinity;
 * checking the text before coercion gives one clear 400 naming the parameter. Range rules
 * (minimum, maximum) stay in the route's schema.
 */
export function integerQuery(...names: string[]) {
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
