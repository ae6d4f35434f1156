import type { Socket } from 'socket.io-client';
import type { UserWarningView } from '../../../common/contract';
import type { ReaderPersonalEvents } from '../../../live/live-events';
import { ApiError } from '../shared/api';
import { h, put, uid } from '../shared/dom';
import { errorText } from './client';
import { S } from './strings';

/**
 * A moderator's warning to the signed-in reader, above the comment form: the form is put away
 * until the reader presses Acknowledge (the service refuses their posts until then).
 */
export class WarningNotice {
  private readonly heading = h('h3', { id: uid('pw'), tabindex: '-1' }, S.warningTitle);
  private readonly message = h('p', { class: 'wmsg' });
  private readonly from = h('p', { class: 'meta' });
  private readonly error = h('p', { class: 'err', role: 'alert' });
  private readonly button = h('button', { type: 'button', onclick: () => void this.acknowledge() }, S.acknowledge);
  readonly el = h(
    'div',
    { class: 'note warning', role: 'region', 'aria-labelledby': this.heading.id, hidden: true },
    this.heading,
    this.message,
    this.from,
    this.error,
    this.button,
  );
  /** Whether this notice put the form away (and so brings it back). */
  private holding = false;

  constructor(
    private readonly form: HTMLElement,
    private readonly ack: () => Promise<unknown>,
    private readonly say: (text: string) => void,
  ) {}

  /** A warning sent while the page is open comes up at once, and is said. */
  listen(socket: Pick<Socket<ReaderPersonalEvents>, 'on'>): void {
    socket.on('user.warning', ({ warning }) => {
      this.show(warning);
      this.say(S.warningTitle);
    });
  }

  /** Shows the warning (the form is put away), or hides it for null. */
  show(w: UserWarningView | null): void {
    if (!w) {
      if (this.holding) this.form.hidden = false;
      this.holding = false;
      this.el.hidden = true;
      return;
    }
    put(this.message, w.message);
    put(this.from, S.warningFrom(w.from));
    put(this.error);
    this.el.hidden = false;
    this.holding = !this.form.hidden;
    this.form.hidden = true;
  }

  private async acknowledge(): Promise<void> {
    put(this.error);
    this.button.disabled = true;
    try {
      await this.ack();
      this.show(null);
      this.say(S.acknowledged);
      this.form.querySelector<HTMLElement>('textarea')?.focus();
    } catch (e) {
      put(this.error, errorText(e));
    } finally {
      this.button.disabled = false;
    }
  }
}

/** A post refused because a warning waits to be acknowledged. */
export const warnedRefusal = (e: unknown): boolean => e instanceof ApiError && e.code === 'WARNING_UNACKNOWLEDGED';
