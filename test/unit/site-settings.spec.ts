import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { ApiError } from '../../src/common/api-error';
import { StrictValidationPipe } from '../../src/common/validation.pipe';
import { LiveBus } from '../../src/events/live-bus';
import type { SettingsRepository } from '../../src/settings/settings.repository';
import { SettingsService } from '../../src/settings/settings.service';
import { RateLimits, SiteSettings, SiteSettingsPatch } from '../../src/settings/site-settings';
import { INVALID_SETTINGS_PATCHES } from '../support/settings-cases';

/** The PATCH body as the controller receives it: through the app's own validation pipe. */
async function validatePatch(body: unknown): Promise<SiteSettingsPatch> {
  return (await new StrictValidationPipe().transform(body, { type: 'body', metatype: SiteSettingsPatch, data: undefined })) as SiteSettingsPatch;
}

async function refusal(body: unknown): Promise<ApiError> {
  try {
    await validatePatch(body);
  } catch (e) {
    return e as ApiError;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

describe('SiteSettings defaults', () => {
  it('are the documented policy', () => {
    expect(JSON.parse(JSON.stringify(new SiteSettings()))).toEqual({
      premoderation: 'none',
      bannedWords: [],
      suspectWords: [],
      maxLength: 5000,
      maxDepth: 3,
      editWindowSeconds: 900,
      toxicityThreshold: 0.8,
      premodNewUsers: 0,
      autoCloseDays: 0,
      locale: 'en',
      mailFrom: null,
      rateLimits: { commentsPerMinute: 10, duplicateWindowSeconds: 300, writesPerMinute: 120 },
      accountDeletion: 'delete',
      retentionDays: null,
      rejectReasons: ['Spam or advertising', 'Abuse or insults', 'Off topic', 'Personal information', 'Misinformation'],
      guidelines: '',
    });
  });

  it('pass their own validation', () => {
    expect(validateSync(new SiteSettings())).toEqual([]);
  });

  it('each instance has its own lists and rate limits', () => {
    const a = new SiteSettings();
    const b = new SiteSettings();
    a.bannedWords.push('x');
    a.rateLimits.commentsPerMinute = 1;
    expect(b.bannedWords).toEqual([]);
    expect(b.rateLimits.commentsPerMinute).toBe(new RateLimits().commentsPerMinute);
  });

  it('a stored value out of range fails validation on that field', () => {
    const s = Object.assign(new SiteSettings(), { maxLength: 0, toxicityThreshold: 2 });
    expect(
      validateSync(s)
        .map((e) => e.property)
        .sort(),
    ).toEqual(['maxLength', 'toxicityThreshold']);
  });
});

describe('SiteSettingsPatch validation', () => {
  it.each([
    ['one field', { premoderation: 'links' }],
    ['threshold 0', { toxicityThreshold: 0 }],
    ['threshold 1', { toxicityThreshold: 1 }],
    ['maxLength at its ceiling', { maxLength: 20000 }],
    ['maxDepth 0 (no replies)', { maxDepth: 0 }],
    ['maxDepth at its ceiling', { maxDepth: 10 }],
    ['edit window of a week', { editWindowSeconds: 7 * 86400 }],
    ['empty word lists', { bannedWords: [], suspectWords: [] }],
    ['2000 words of 100 characters', { bannedWords: Array.from({ length: 2000 }, (_, i) => `${i}`.padEnd(100, 'w')) }],
    ['one rate limit', { rateLimits: { commentsPerMinute: 1 } }],
    ['an empty rateLimits object', { rateLimits: {} }],
  ])('accepts %s', async (_label, body) => {
    const patch = await validatePatch(body);
    expect(patch).toBeInstanceOf(SiteSettingsPatch);
    expect(JSON.parse(JSON.stringify(patch))).toEqual(body);
  });

  it.each([
    ...INVALID_SETTINGS_PATCHES,
    // Boundaries and limits beyond the cases the end-to-end tier sends.
    ['maxLength past its ceiling', { maxLength: 20001 }],
    ['edit window past a week', { editWindowSeconds: 7 * 86400 + 1 }],
    ['premodNewUsers past 100', { premodNewUsers: 101 }],
    ['a word of 101 characters', { suspectWords: ['w'.repeat(101)] }],
    ['2001 words', { bannedWords: Array.from({ length: 2001 }, (_, i) => `w${i}`) }],
    ['writesPerMinute past its ceiling', { rateLimits: { writesPerMinute: 100001 } }],
  ])('refuses %s with VALIDATION_FAILED', async (_label, body) => {
    const e = await refusal(body);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.getStatus()).toBe(400);
    expect(e.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['an array', [{ maxLength: 10 }]],
    ['a string', 'maxLength=10'],
    ['null', null],
  ])('refuses a body that is %s with INVALID_BODY', async (_label, body) => {
    expect((await refusal(body)).code).toBe('INVALID_BODY');
  });
});

/**
 * The merge lives unexported in settings.service.ts; it is reached through SettingsService with an
 * in-memory repository and a LiveBus that records what it would tell other instances.
 */
describe('settings merge (SettingsService over an in-memory store)', () => {
  const SITE = 'news';
  function service(initial: object = {}) {
    const store = { value: JSON.parse(JSON.stringify(initial)) as object, version: 1 };
    // As the database would, the value goes through JSON on the way in and out; every change moves the version.
    const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
    const repo = {
      versions: () => Promise.resolve(new Map([[SITE, String(store.version)]])),
      loadAll: () => Promise.resolve([{ siteId: SITE, value: copy(store.value), version: String(store.version) }]),
      change: (site: string, fn: (stored: object) => object) => {
        expect(site).toBe(SITE);
        store.value = copy(fn(copy(store.value)));
        store.version += 1;
        return Promise.resolve();
      },
    } as unknown as SettingsRepository;
    const told: string[] = [];
    const bus = new LiveBus();
    bus.setInstanceBroadcaster((type) => {
      told.push(type);
      return Promise.resolve();
    });
    return { svc: new SettingsService(repo, bus), store, told };
  }

  it('nothing stored: the defaults', async () => {
    const { svc } = service();
    await svc.reload();
    const s = svc.get(SITE);
    expect(s).toBeInstanceOf(SiteSettings);
    expect(s).toEqual(new SiteSettings());
  });

  it('a stored partial value fills the rest from the defaults, rate limits included', async () => {
    const { svc } = service({ maxDepth: 1, rateLimits: { writesPerMinute: 7 } });
    await svc.reload();
    const s = svc.get(SITE);
    expect(s).toEqual(Object.assign(new SiteSettings(), { maxDepth: 1, rateLimits: Object.assign(new RateLimits(), { writesPerMinute: 7 }) }));
    expect(s.rateLimits).toBeInstanceOf(RateLimits);
  });

  it('a patch changes only the fields it sends, and is stored and announced', async () => {
    const { svc, store, told } = service({ bannedWords: ['x'], rateLimits: { commentsPerMinute: 50 } });
    await svc.reload();
    const s = await svc.update(SITE, await validatePatch({ maxLength: 100, rateLimits: { duplicateWindowSeconds: 60 } }));
    expect(s.maxLength).toBe(100);
    expect(s.bannedWords).toEqual(['x']);
    expect(s.rateLimits).toEqual(Object.assign(new RateLimits(), { commentsPerMinute: 50, duplicateWindowSeconds: 60 }));
    expect(svc.get(SITE)).toEqual(s);
    // Another site's policy is untouched: still the defaults.
    expect(svc.get('other-site')).toEqual(new SiteSettings());
    expect(store.value).toEqual(expect.objectContaining({ maxLength: 100, bannedWords: ['x'] }));
    expect(told).toEqual(['settings.changed']);
  });

  it('fields a validated patch leaves undefined do not reset stored values', async () => {
    const { svc } = service({ premoderation: 'all', toxicityThreshold: 0.3, rateLimits: { writesPerMinute: 9 } });
    const patch = await validatePatch({ rateLimits: { commentsPerMinute: 2 } });
    // The pipe hands over every field as an own property, undefined when not sent.
    expect(Object.keys(patch)).toContain('premoderation');
    const s = await svc.update(SITE, patch);
    expect(s).toEqual(
      Object.assign(new SiteSettings(), {
        premoderation: 'all',
        toxicityThreshold: 0.3,
        rateLimits: Object.assign(new RateLimits(), { writesPerMinute: 9, commentsPerMinute: 2 }),
      }),
    );
  });

  it('a word list is replaced, not appended to', async () => {
    const { svc } = service({ suspectWords: ['a', 'b'] });
    expect((await svc.update(SITE, await validatePatch({ suspectWords: ['c'] }))).suspectWords).toEqual(['c']);
  });

  it('listeners hear every reload with the merged settings', async () => {
    const { svc } = service({ maxDepth: 2 });
    const heard: number[] = [];
    svc.onChange((_site, s) => heard.push(s.maxDepth));
    await svc.reload();
    await svc.update(SITE, await validatePatch({ maxDepth: 5 }));
    expect(heard).toEqual([2, 5]);
  });
});
