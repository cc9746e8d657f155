import type { CsvPreset } from './preset.js';

/** Chatwoot contact exports. `identifier` is the host's own id of the user. */
export const CHATWOOT: CsvPreset = {
  name: 'chatwoot',
  columns: {
    id: 'identity.chatwoot_id',
    name: 'profile.name',
    email: 'identity.email',
    phone_number: 'identity.phone',
    identifier: 'identity.userId',
    company_name: 'profile.company',
    company: 'profile.company',
    city: 'profile.address.city',
    country: 'profile.address.country',
    created_at: 'custom.chatwoot_created_at',
    last_activity_at: 'custom.chatwoot_last_activity_at',
    additional_attributes: 'custom.chatwoot_additional_attributes',
    custom_attributes: 'custom.chatwoot_custom_attributes',
  },
  requires: ['id', 'email'],
  signature: ['identifier', 'last_activity_at', 'additional_attributes', 'custom_attributes', 'company_name'],
};
