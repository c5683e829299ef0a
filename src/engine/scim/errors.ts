import type { FaultScimType } from '../../shared/faults';
import { URN } from './urns';

/** `scimType` values from RFC 7644 §3.12, Table 9 (one list, in shared/faults.ts, which the inspector offers too). */
export type ScimType = FaultScimType;

/**
 * The longest detail sent. A detail quotes what the client sent (a path, a filter, a value) so the
 * reader sees the fault; quoting all of a 400 KB path would answer 400 KB and record it too.
 */
const MAX_DETAIL = 2_000;

function bounded(detail: string): string {
  if (detail.length <= MAX_DETAIL) return detail;
  // Not between the two halves of a surrogate pair (an emoji), which would leave half a character.
  const cut = /[\uD800-\uDBFF]/.test(detail[MAX_DETAIL - 1]!) ? MAX_DETAIL - 1 : MAX_DETAIL;
  return `${detail.slice(0, cut)}… (${(detail.length - cut).toLocaleString('en-US')} more characters left out)`;
}

export interface ScimErrorBody {
  schemas: [typeof URN.error];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/**
 * The one error type the engine throws on purpose. The HTTP layer turns it into the
 * RFC 7644 §3.12 body; anything else that escapes becomes a 500 with a generic detail.
 */
export class ScimError extends Error {
  /** A 401's `WWW-Authenticate` challenge, when the default (`Bearer realm=…`) is not what the workspace expects. */
  challenge?: string;

  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
  ) {
    super(bounded(detail));
    this.name = 'ScimError';
  }

  get detail(): string {
    return this.message;
  }

  toBody(): ScimErrorBody {
    const body: ScimErrorBody = { schemas: [URN.error], status: String(this.status), detail: this.message };
    if (this.scimType) body.scimType = this.scimType;
    return body;
  }

  static badRequest(scimType: ScimType, detail: string): ScimError {
    return new ScimError(400, scimType, detail);
  }
  static notFound(detail: string): ScimError {
    return new ScimError(404, undefined, detail);
  }
  static conflict(detail: string): ScimError {
    return new ScimError(409, 'uniqueness', detail);
  }
  static unauthorized(detail: string, challenge?: string): ScimError {
    const error = new ScimError(401, undefined, detail);
    if (challenge) error.challenge = challenge;
    return error;
  }
  static preconditionFailed(detail: string): ScimError {
    return new ScimError(412, undefined, detail);
  }
}
