export { applyPatch, type ApplyPatchOptions, type MemberOp, type MemberValue, type PatchResult } from './apply';
export { parsePatchPath, type PatchPath, type PatchPathOptions } from './path';
export { MAX_PATCH_OPERATIONS, parsePatchRequest, type PatchOpName, type PatchOperation } from './request';
