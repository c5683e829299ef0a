/** An RFC 7644 §3.12 error answer, as the inspector shows and compares it. */
export interface ScimErrorAnswer {
  status: string;
  scimType?: string;
  detail?: string;
}

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The SCIM error a body holds, or undefined when it is something else (a resource, a list, not JSON). */
export function scimErrorOf(body: string | null): ScimErrorAnswer | undefined {
  if (body === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const error = value as { schemas?: unknown; status?: unknown; scimType?: unknown; detail?: unknown };
  if (!Array.isArray(error.schemas) || !error.schemas.includes(ERROR_URN)) return undefined;
  return {
    status: String(error.status ?? ''),
    ...(typeof error.scimType === 'string' && { scimType: error.scimType }),
    ...(typeof error.detail === 'string' && { detail: error.detail }),
  };
}
