/**
 * PATCH /settings bodies the contract refuses with 400 VALIDATION_FAILED because of a field's
 * value, shape or name. The end-to-end tier sends them to the service; the unit tier runs them
 * through the validation pipe alone.
 */
export const INVALID_SETTINGS_PATCHES: Array<[string, Record<string, unknown>]> = [
  ['unknown premoderation policy', { premoderation: 'sometimes' }],
  ['threshold above 1', { toxicityThreshold: 1.5 }],
  ['threshold below 0', { toxicityThreshold: -0.1 }],
  ['threshold as a string', { toxicityThreshold: '0.5' }],
  ['maxLength 0', { maxLength: 0 }],
  ['maxLength not an integer', { maxLength: 10.5 }],
  ['maxDepth too deep', { maxDepth: 11 }],
  ['negative edit window', { editWindowSeconds: -1 }],
  ['bannedWords not a list', { bannedWords: 'traitor' }],
  ['an empty banned word', { bannedWords: ['ok', '  '] }],
  ['a banned word that is not a string', { bannedWords: [42] }],
  ['commentsPerMinute 0', { rateLimits: { commentsPerMinute: 0 } }],
  ['rateLimits not an object', { rateLimits: 'fast' }],
  ['an unknown field', { colour: 'blue' }],
  ['an unknown rate limit', { rateLimits: { perHour: 5 } }],
  ['a good field next to a bad one', { premoderation: 'all', maxLength: -5 }],
  ['premoderation null', { premoderation: null }],
  ['bannedWords null', { bannedWords: null }],
  ['maxLength null', { maxLength: null }],
  ['toxicityThreshold null', { toxicityThreshold: null }],
  ['rateLimits null', { rateLimits: null }],
  ['commentsPerMinute null', { rateLimits: { commentsPerMinute: null } }],
  ['rejectReasons not a list', { rejectReasons: 'Spam' }],
  ['a blank reject reason', { rejectReasons: ['Spam', '  '] }],
  ['a reject reason over 200 characters', { rejectReasons: ['x'.repeat(201)] }],
  ['more than 50 reject reasons', { rejectReasons: Array.from({ length: 51 }, (_, i) => `reason ${i}`) }],
  ['rejectReasons null', { rejectReasons: null }],
  ['a locale emails are not written in', { locale: 'xx' }],
  ['locale null', { locale: null }],
];
