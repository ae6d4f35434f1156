import { renderBody } from '../../src/common/render';
import { isStaff, policyHolds, toxicityReason, verdictOf, withFlood } from '../../src/pipeline/rules';
import { articleView, userRecord } from '../support/records';

describe('isStaff', () => {
  it.each([
    ['reader', false],
    ['moderator', true],
    ['admin', true],
  ] as const)('%s → %s', (role, staff) => {
    expect(isStaff({ role })).toBe(staff);
  });
});

describe('toxicityReason', () => {
  it.each([
    ['no scorer configured', null, 0.8, null],
    ['the scorer unavailable', { unavailable: true as const }, 0.8, 'toxicity:unavailable'],
    ['above the threshold', { score: 0.91 }, 0.8, 'toxicity:0.91'],
    ['rounded to two decimals', { score: 0.916 }, 0.8, 'toxicity:0.92'],
    ['just above', { score: 0.8001 }, 0.8, 'toxicity:0.80'],
    ['at the threshold', { score: 0.8 }, 0.8, null],
    ['below the threshold', { score: 0.79 }, 0.8, null],
    ['zero against threshold 0', { score: 0 }, 0, null],
    ['anything against threshold 0', { score: 0.01 }, 0, 'toxicity:0.01'],
    ['certainty against threshold 1', { score: 1 }, 1, null],
    ['unavailable even with threshold 1', { unavailable: true as const }, 1, 'toxicity:unavailable'],
  ])('%s', (_label, result, threshold, reason) => {
    expect(toxicityReason(result, threshold)).toBe(reason);
  });
});

describe('policyHolds', () => {
  const site = (premoderation: 'none' | 'all' | 'links' = 'none', premodNewUsers = 0) => ({ premoderation, premodNewUsers });
  const plain = renderBody('no links at all');
  const linked = renderBody('see https://example.org');

  it('nothing applies: no holds', () => {
    expect(policyHolds(site(), articleView(), userRecord(), linked)).toEqual({ link: [], premod: [] });
  });

  it.each([
    ['site premoderates all', site('all'), articleView(), userRecord(), ['premod:site']],
    ['article premoderated', site(), articleView({ premoderation: true }), userRecord(), ['premod:article']],
    ['user on premoderation', site(), articleView(), userRecord({ premod: true }), ['premod:user']],
    ['new user below the bar', site('none', 3), articleView(), userRecord({ approvedCount: 2 }), ['premod:new_user']],
    ['user at the bar', site('none', 3), articleView(), userRecord({ approvedCount: 3 }), []],
    ['new-user bar off', site('none', 0), articleView(), userRecord({ approvedCount: 0 }), []],
  ])('%s', (_label, s, article, user, premod) => {
    expect(policyHolds(s, article, user, plain)).toEqual({ link: [], premod });
  });

  it('all four kinds at once, in the contract order', () => {
    const holds = policyHolds(site('all', 5), articleView({ premoderation: true }), userRecord({ premod: true, approvedCount: 1 }), plain);
    expect(holds.premod).toEqual(['premod:site', 'premod:article', 'premod:user', 'premod:new_user']);
  });

  it.each([
    ['links policy, a link', 'links', linked, ['link']],
    ['links policy, no link', 'links', plain, []],
    ['no policy, a link', 'none', linked, []],
    ['premoderate all, a link', 'all', linked, []],
  ] as const)('%s → link %j', (_label, premoderation, html, link) => {
    expect(policyHolds(site(premoderation), articleView(), userRecord(), html).link).toEqual(link);
  });
});

describe('verdictOf', () => {
  it.each([
    ['nothing found', [], [], { status: 'approved', reasons: [] }],
    ['only holds', [], ['suspect_word:x', 'link'], { status: 'pending', reasons: ['suspect_word:x', 'link'] }],
    ['only rejections', ['banned_word:y'], [], { status: 'rejected', reasons: ['banned_word:y'] }],
    ['both: rejected, rejections first', ['banned_word:y'], ['premod:site'], { status: 'rejected', reasons: ['banned_word:y', 'premod:site'] }],
  ])('%s', (_label, reject, hold, verdict) => {
    expect(verdictOf(reject, hold)).toEqual(verdict);
  });

  it('does not share arrays with its arguments', () => {
    const reject: string[] = [];
    const hold = ['link'];
    const v = verdictOf(reject, hold);
    v.reasons.push('changed');
    expect(hold).toEqual(['link']);
  });
});

describe('withFlood', () => {
  it.each([
    ['an approved comment', { status: 'approved' as const, reasons: [] }, ['flood']],
    ['a held comment', { status: 'pending' as const, reasons: ['suspect_word:x', 'link'] }, ['flood', 'suspect_word:x', 'link']],
    [
      'a rejected comment with banned words',
      { status: 'rejected' as const, reasons: ['banned_word:a', 'banned_word:b', 'premod:site'] },
      ['banned_word:a', 'banned_word:b', 'flood', 'premod:site'],
    ],
  ])('%s becomes rejected with flood after any banned words', (_label, verdict, reasons) => {
    expect(withFlood(verdict)).toEqual({ status: 'rejected', reasons });
  });
});
