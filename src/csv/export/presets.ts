import type { ExportColumn } from './columns.js';

/** Export presets: the headers each tool's importer recognises, one email and one phone per row. */
export const EXPORT_PRESET_NAMES = ['hubspot', 'mailchimp', 'klaviyo'] as const;
export type ExportPresetName = (typeof EXPORT_PRESET_NAMES)[number];

const one = (header: string, field: string): ExportColumn => ({ header, field, first: true });
const col = (header: string, field: string): ExportColumn => ({ header, field });

/**
 * Columns for files another tool imports. The headers are the ones the import presets read, so a file
 * exported with a preset also imports back into contactkit through the same preset.
 */
export const EXPORT_PRESETS: Readonly<Record<ExportPresetName, readonly ExportColumn[]>> = {
  hubspot: [
    one('Email', 'identity.email'),
    col('First Name', 'profile.firstName'),
    col('Last Name', 'profile.lastName'),
    one('Phone Number', 'identity.phone'),
    col('Company Name', 'profile.company'),
    col('Job Title', 'profile.jobTitle'),
    col('Street Address', 'profile.address.line1'),
    col('City', 'profile.address.city'),
    col('State/Region', 'profile.address.region'),
    col('Postal Code', 'profile.address.postcode'),
    col('Country/Region', 'profile.address.country'),
    col('Time Zone', 'profile.timezone'),
  ],
  mailchimp: [
    one('Email Address', 'identity.email'),
    col('First Name', 'profile.firstName'),
    col('Last Name', 'profile.lastName'),
    one('Phone Number', 'identity.phone'),
    col('Company', 'profile.company'),
    col('REGION', 'profile.address.region'),
    col('CC', 'profile.address.country'),
    col('TIMEZONE', 'profile.timezone'),
    col('TAGS', 'tags'),
  ],
  klaviyo: [
    one('Email', 'identity.email'),
    one('Phone Number', 'identity.phone'),
    col('First Name', 'profile.firstName'),
    col('Last Name', 'profile.lastName'),
    col('Organization', 'profile.company'),
    col('Title', 'profile.jobTitle'),
    col('Address', 'profile.address.line1'),
    col('Address 2', 'profile.address.line2'),
    col('City', 'profile.address.city'),
    col('State / Region', 'profile.address.region'),
    col('Zip Code', 'profile.address.postcode'),
    col('Country', 'profile.address.country'),
  ],
};

/**
 * The columns of an export preset, optionally followed by more (custom fields the other tool should get).
 *
 * @example
 * ```ts
 * writeContactsCsv(contacts, { columns: exportPresetColumns('hubspot', [{ header: 'Plan', field: 'custom.plan' }]) })
 * ```
 */
export function exportPresetColumns(
  name: ExportPresetName,
  extra: readonly ExportColumn[] = [],
): ExportColumn[] {
  return [...EXPORT_PRESETS[name], ...extra];
}
