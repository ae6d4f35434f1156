/**
 * The moderator dashboard at /moderate: queues as tabs with live counts, keyboard-first
 * decisions, bulk actions, a user panel with sanctions, and the moderation log.
 */
import { Dashboard } from './dashboard';

function start(): void {
  new Dashboard().start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
