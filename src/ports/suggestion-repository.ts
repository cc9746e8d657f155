import type { DuplicateSuggestion, SuggestionStatus } from '../model/duplicate-suggestion.js';
import type { Page, PageOptions } from './page.js';

/** Duplicate suggestions from scans, and the decisions people made on them. */
export interface SuggestionRepository {
  /**
   * Inserts new suggestions and refreshes the weight of open ones with the same pair key. Never reopens
   * an accepted or rejected pair.
   */
  upsertMany(suggestions: readonly DuplicateSuggestion[]): Promise<void>;
  /** The suggestions with these pair keys that exist, whatever their status. */
  getMany(ids: readonly string[]): Promise<DuplicateSuggestion[]>;
  /** Suggestions with a status, highest weight first. */
  list(status: DuplicateSuggestion['status'], options?: PageOptions): Promise<Page<DuplicateSuggestion>>;
  /** Records a decision. Returns false when the pair is unknown. */
  decide(id: string, status: Exclude<SuggestionStatus, 'open'>, at: Date, by?: string): Promise<boolean>;
  /** Deletes suggestions involving these contacts (erasure, or after a merge). */
  deleteByContacts(contactIds: readonly string[]): Promise<number>;
}
