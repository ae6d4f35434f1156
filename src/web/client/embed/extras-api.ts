import type { Socket } from 'socket.io-client';
import type { ReaderPersonalEvents } from '../../../live/live-events';
import type { Card } from './card';
import type { CommentsApi } from './client';
import type { composer } from './composer';
import type { CommentList } from './list';
import type { MutedPeople } from './mutes';
import type { Options } from './options';
import type { Session } from './session';
import type { S } from './strings';

/**
 * What only a signed-in reader or a moderator uses (the notification panel, the account menu, the
 * muted-people list, the More menu with the moderators' tools, their styles and strings) is a second
 * bundle, embed-extras.js, fetched from beside embed.js once a token is present. This is the whole
 * interface between the two: the widget hands over its state and helpers (ExtrasHost); the bundle
 * hands back the pieces the widget puts on screen (Extras). Only types cross here, no code.
 */
export interface ExtrasHost {
  readonly options: Options;
  readonly session: Session;
  readonly api: CommentsApi;
  readonly list: CommentList;
  /** Whom the reader muted: kept by the widget (the cards fold by it), listed by the extras. */
  readonly mutes: MutedPeople;
  /** The widget's strings, translated already. */
  readonly S: typeof S;
  /** The widget's comment form (its counter, preview and keys), for the edit form. */
  readonly composer: typeof composer;
  say(text: string): void;
  /** The widget's id sequence: ids stay unique within the one shadow root. */
  uid(prefix: string): string;
  errorText(e: unknown): string;
  fullTime(iso: string): string;
  relTime(iso: string): string;
  /** Puts the language the widget loaded over the extras' own English strings (extras-strings.ts; same keys as in the locale files). */
  translate(strings: Record<string, unknown>): void;
  /** The reader deleted their account: the widget forgets the token. */
  deleted(): void;
}

export type PersonalSocket = Pick<Socket<ReaderPersonalEvents>, 'on'> & Pick<Socket, 'on'>;

export interface Extras {
  /** Styles for all of the below, appended to the widget's shadow root. */
  readonly css: string;
  readonly bell: { readonly button: HTMLElement; readonly panel: HTMLElement; refresh(): void; listen(socket: PersonalSocket): void };
  readonly account: { readonly button: HTMLElement; readonly panel: HTMLElement; refresh(): void };
  /** The muted-people list above the comments; render() after the mutes changed. */
  readonly mutes: { readonly el: HTMLElement; render(): void };
  /** A comment's More menu (mute its author; a moderator's feature, approve, reject, ban), or its report, edit or delete form, in its slot; or its thread on its own. */
  form(n: Card, mode: ExtrasForm, close: () => void): void;
}

/** `thread`: "Continue this thread" (any reader's: embed-extras.js is then loaded signed out too). */
export type ExtrasForm = 'more' | 'report' | 'edit' | 'delete' | 'thread';

export type ExtrasFactory = (host: ExtrasHost) => Extras;

declare global {
  interface Window {
    /** Set by the widget while embed-extras.js loads; the bundle calls it with its factory. */
    ParleyExtras?: (factory: ExtrasFactory) => void;
  }
}

let loading: Promise<ExtrasFactory> | null = null;

/**
 * Loads embed-extras.js once, from the same origin as embed.js (a page's CSP must allow that origin
 * in script-src, as it does for embed.js); a nonce on the embed.js tag is passed on. A failure may be retried.
 */
export function loadExtras(base: string): Promise<ExtrasFactory> {
  return (loading ??= new Promise<ExtrasFactory>((resolve, reject) => {
    window.ParleyExtras = resolve;
    const s = document.createElement('script');
    s.src = `${base}/embed-extras.js`;
    s.async = true;
    const nonce = document.querySelector<HTMLScriptElement>('script[data-article-id][src*="embed.js"]')?.nonce;
    if (nonce) s.nonce = nonce;
    s.onerror = () => {
      loading = null;
      s.remove();
      reject(new Error('embed-extras.js could not be loaded'));
    };
    document.head.append(s);
  }));
}
