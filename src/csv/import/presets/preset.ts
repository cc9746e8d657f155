/** The tools whose export files are recognised by their headers. */
export const PRESET_NAMES = [
  'mailchimp',
  'klaviyo',
  'hubspot',
  'shopify',
  'intercom',
  'chatwoot',
  'contactkit',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * What one tool's contact export looks like. Headers are compared case-insensitively after trimming;
 * values are target names (see `parseTarget`).
 */
export interface CsvPreset {
  readonly name: PresetName;
  /** Header → target name, for every column the tool is known to write. */
  readonly columns: Readonly<Record<string, string>>;
  /** All of these must be present for the preset to apply. */
  readonly requires: readonly string[];
  /** Headers only this tool writes: each one present makes the preset more likely. */
  readonly signature: readonly string[];
  /** Header prefixes the tool uses for fields its users define (HubSpot's none; Intercom's `custom_attributes.`). */
  readonly customPrefixes?: readonly string[];
}
