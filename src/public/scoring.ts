/**
 * Lead scoring with its ledger, grades and temperatures, and the classification of status, stage, sentiment, VIP, at-risk and predicted spend.
 *
 * @packageDocumentation
 * @module contactkit/scoring
 */

export * from '../classify/index.js';
export * from '../scoring/index.js';
