import type { VerdictRule } from '../rule';
import { contentTypeRules } from './content-type';
import { errorRules } from './errors';
import { idpRules } from './idps';
import { listRules } from './lists';
import { patchResultRules } from './patch-result';
import { resourceRules } from './resources';
import { statusRules } from './status';

/** Every rule, RFC's first, in the order findings are shown. */
export const VERDICT_RULES: readonly VerdictRule[] = [
  ...statusRules,
  ...contentTypeRules,
  ...errorRules,
  ...listRules,
  ...resourceRules,
  ...patchResultRules,
  ...idpRules,
];
