import { SCIM_MEDIA_TYPE } from '../scim/urns';

export const SCIM_CONTENT_TYPE = `${SCIM_MEDIA_TYPE}; charset=utf-8`;
