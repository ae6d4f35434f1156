/**
 * A reader's mutes as they cross the wire (docs/API.md, "Mutes"). No server imports, so the widget
 * can share them.
 */

/** How many readers one reader may mute on a site: the widget reads them all in one page of 100. */
export const MAX_MUTES = 100;

/** One muted reader, as `GET /me/mutes` lists them and `POST /me/mutes` answers. */
export interface MuteView {
  /** The muted reader's id (the `author.id` of their comments). */
  userId: string;
  /** Their display name now (it follows their latest token). */
  name: string;
  mutedAt: string;
}
