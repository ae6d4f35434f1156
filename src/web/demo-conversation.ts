import { Injectable, Logger } from '@nestjs/common';
import type { CommentView } from '../common/contract';
import { DEFAULT_SITE_ID } from '../common/staff-contract';
import type { Viewer } from '../common/viewer';
import { CommentsRepository } from '../comments/comments.repository';
import { CommentsService } from '../comments/comments.service';
import { ModerationService } from '../moderation/moderation.service';
import { UsersRepository } from '../users/users.repository';
import { demoUserId } from './demo-token.controller';

/** The demo page's article (src/web/client/pages/demo.html). */
export const DEMO_ARTICLE_ID = 'demo-gull-island-ferry';
const DEMO_TITLE = 'Ferry to Gull Island returns after 40 years';
/**
 * The reader the demo page's sign-in is filled in with (src/web/client/pages/demo.html): their
 * comment is held for moderation, so signing in shows what only its author sees.
 */
export const DEMO_VISITOR = 'Alex Morgan';

/** One comment of the demo conversation: who, what, in reply to which (by key), and what happens to it after. */
interface Line {
  key: string;
  by: string;
  body: string;
  replyTo?: string;
  likedBy?: string[];
  featured?: boolean;
  /** The text its author changed it to a moment after posting (shown as edited). */
  editedTo?: string;
  /** When it was posted, in minutes before the demo starts: the conversation reads as one that grew over an afternoon. */
  minutesAgo: number;
  /** Held for moderation (its author is pre-moderated while it is posted): only they see it, as awaiting moderation. */
  held?: boolean;
}

/** A newsroom's discussion under the ferry story, oldest first: several readers, threads, likes, a pick and an edit. */
const CONVERSATION: Line[] = [
  {
    key: 'grandmother',
    minutesAgo: 318,
    by: 'Ines Carvalho',
    body: 'My mother sailed on the *Petrel* every school day in the 1970s. She still talks about the crossing in fog with the foghorn going. Lovely to see it coming back.',
    likedBy: ['Tom Adair', 'Ruth Okafor', 'Sam Lindqvist', 'Priya Raman', 'Declan Moore'],
    featured: true,
  },
  {
    key: 'grandmother-1',
    minutesAgo: 296,
    by: 'Declan Moore',
    replyTo: 'grandmother',
    body: 'Same for my dad. He says the old timetable was pinned up in every shop on the island.',
    likedBy: ['Ines Carvalho'],
  },
  {
    key: 'jetty',
    minutesAgo: 271,
    by: 'Tom Adair',
    body: '£2.1m for the jetty alone is a lot of money for a council that closed two libraries last year. Where does the rest of the budget come from?',
    likedBy: ['Sam Lindqvist', 'Mara Quinlan'],
  },
  {
    key: 'jetty-1',
    minutesAgo: 244,
    by: 'Mara Quinlan',
    replyTo: 'jetty',
    body: "Reporter here. The council's paper says the regional coastal fund covers about 60% of the jetty work; the rest is borrowed over 25 years. The full report is linked from the council's agenda page for Tuesday's meeting.",
    likedBy: ['Tom Adair', 'Ruth Okafor', 'Ines Carvalho', 'Hannah Beck'],
  },
  {
    key: 'jetty-2',
    minutesAgo: 226,
    by: 'Tom Adair',
    replyTo: 'jetty-1',
    body: 'Thanks, that helps. Borrowing over 25 years for a boat expected to last 30 sounds more reasonable than I thought.',
    likedBy: ['Mara Quinlan'],
  },
  {
    key: 'tickets',
    minutesAgo: 197,
    by: 'Ruth Okafor',
    body: 'Free travel for island residents and under-16s is the right call. The bus from Saltmarsh to the island bridge takes over an hour each way.',
    likedBy: ['Ines Carvalho', 'Priya Raman'],
    editedTo:
      'Free travel for island residents and under-16s is the right call. The bus from Saltmarsh round to the island causeway takes over an hour each way, and only runs until six.',
  },
  {
    key: 'winter',
    minutesAgo: 163,
    by: 'Sam Lindqvist',
    body: "The harbour master has a point about easterlies. I've crewed on that stretch: in a January gale you would not want to be on a 60-seat boat. Four sailings a day in winter may be optimistic.",
    likedBy: ['Tom Adair', 'Declan Moore', 'Hannah Beck'],
  },
  {
    key: 'winter-1',
    minutesAgo: 149,
    by: 'Priya Raman',
    replyTo: 'winter',
    body: 'Surely that is what the timetable consultation is for? Better a service that gets cancelled some days than no service at all.',
    likedBy: ['Ruth Okafor'],
  },
  {
    key: 'winter-2',
    minutesAgo: 131,
    by: 'Sam Lindqvist',
    replyTo: 'winter-1',
    body: "Fair. I'd just like them to publish how many winter sailings they expect to lose, so nobody is surprised.",
    likedBy: ['Priya Raman', 'Mara Quinlan'],
  },
  {
    key: 'electric',
    minutesAgo: 102,
    by: 'Hannah Beck',
    body: 'Does anyone know where the electric vessel charges? If it is on the island side, the grid there already struggles in summer.',
  },
  {
    key: 'electric-1',
    minutesAgo: 87,
    by: 'Declan Moore',
    replyTo: 'electric',
    body: 'The plan says charging on the Saltmarsh side, with a small top-up point on the island. Page 14 of the consultation document.',
    likedBy: ['Hannah Beck'],
  },
  {
    key: 'bikes',
    minutesAgo: 63,
    by: 'Priya Raman',
    body: 'Please make room for bikes. Half the point of going to Gull Island is cycling the coast road.',
    likedBy: ['Sam Lindqvist', 'Ines Carvalho', 'Hannah Beck'],
  },
  {
    key: 'tourists',
    minutesAgo: 44,
    by: 'Callum Reid',
    body: 'Islander here. Glad of the boat, but eight sailings a day in summer means a lot of day trippers on one narrow road. Hope parking on our side is part of the plan.',
    likedBy: ['Ruth Okafor'],
  },
  {
    key: 'tourists-1',
    minutesAgo: 29,
    by: 'Ines Carvalho',
    replyTo: 'tourists',
    body: 'A foot ferry should mean fewer cars on the island, not more? Visitors would park in Saltmarsh.',
  },
  {
    key: 'consultation',
    minutesAgo: 14,
    by: 'Mara Quinlan',
    body: "Thanks for all the comments. The timetable consultation opens on the 3rd; we'll report on it and put your questions about winter sailings and charging to the council.",
    likedBy: ['Declan Moore', 'Priya Raman', 'Sam Lindqvist'],
  },
  {
    key: 'dogs',
    minutesAgo: 6,
    by: DEMO_VISITOR,
    body: 'First time commenting here. Will dogs be allowed on board? We walk ours on the island most weekends and the bus will not take them.',
    held: true,
  },
];

/** Who features the pick (and pre-moderates the visitor while their comment is posted): a moderator of the demo. */
const EDITOR: Viewer = { siteId: DEFAULT_SITE_ID, id: 'demo-editor', name: 'Demo Editor', email: null, role: 'moderator' };

const reader = (name: string): Viewer => ({ siteId: DEFAULT_SITE_ID, id: demoUserId(name), name, email: null, role: 'reader' });

/**
 * Seeds the demo article with a believable newsroom discussion, through the service's own write
 * paths (moderation pipeline, counters, live events, the log), so it looks and behaves like any
 * other conversation. Idempotent: each comment is posted with its own Idempotency-Key, so a
 * restart finds the same comments rather than adding more; likes and the pick are idempotent too.
 * The readers are the demo's "sign in as" users: signing in with one of their names shows their
 * comments as your own (DEMO_VISITOR's held one included). Each start dates the comments again,
 * minutes to hours back, so the conversation always reads as this afternoon's.
 */
@Injectable()
export class DemoConversation {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly comments: CommentsService,
    private readonly moderation: ModerationService,
    private readonly commentRows: CommentsRepository,
    private readonly users: UsersRepository,
  ) {}

  async seed(): Promise<void> {
    const posted = new Map<string, CommentView>();
    for (const line of CONVERSATION) {
      const author = reader(line.by);
      const parentId = line.replyTo ? posted.get(line.replyTo)?.id : undefined;
      const dto = { body: line.body, parentId, articleTitle: DEMO_TITLE };
      const key = `parley-demo-${line.key}`;
      const held = line.held ? await this.holdFirst(author, key) : false;
      let c = await this.comments.create(DEMO_ARTICLE_ID, dto, author, key);
      if (held) await this.moderation.sanction(author.id, 'unpremod', EDITOR, { reason: 'demo: one held comment is enough' });
      // Edited once, when first posted; a restart finds it edited already.
      if (line.editedTo && !c.editedAt && c.status !== 'deleted') c = await this.comments.update(c.id, line.editedTo, author);
      posted.set(line.key, c);
      if (c.status !== 'approved') continue;
      for (const name of line.likedBy ?? []) await this.comments.react(c.id, 'like', reader(name), true);
      if (line.featured) await this.moderation.decide(c.id, 'feature', EDITOR);
    }
    const now = Date.now();
    await this.commentRows.backdate(
      DEFAULT_SITE_ID,
      CONVERSATION.flatMap((line) => {
        const c = posted.get(line.key);
        return c ? [{ id: c.id, at: new Date(now - line.minutesAgo * 60_000) }] : [];
      }),
    );
    this.logger.log(`demo article ${DEMO_ARTICLE_ID}: ${posted.size} comments in place`);
  }

  /**
   * Before a held line is first posted, its author is pre-moderated (a moderator's sanction, logged), so the
   * pipeline holds it; true when this was done (and is to be lifted once it is posted), false when it is posted already.
   */
  private async holdFirst(author: Viewer, key: string): Promise<boolean> {
    if (await this.commentRows.findByIdempotencyKey(DEFAULT_SITE_ID, author.id, key)) return false;
    await this.users.upsert(author);
    await this.moderation.sanction(author.id, 'premod', EDITOR, { reason: 'demo: a new reader’s first comment is read first' });
    return true;
  }
}
