/**
 * Writes the card log off the request path: entries are queued and written in one batch every
 * `flushMs` (or as soon as `maxBatch` are waiting). A failed write is reported, never thrown to a
 * request. On shutdown `flush()` writes what is left. A process killed outright loses at most the
 * last `flushMs` of card-log entries (feedback for those cards is then stored as unknown-card).
 */
import type { CardLogEntry, FeedbackStore } from './types.js';

export class CardLogWriter {
  private queue: CardLogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: FeedbackStore,
    private readonly onFailure: (err: unknown, lost: number) => void,
    private readonly flushMs = 50,
    private readonly maxBatch = 500,
  ) {}

  enqueue(entries: CardLogEntry[]): void {
    this.queue.push(...entries);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Write everything queued; resolves when written (or failed and reported). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(() => this.store.recordCards(batch)).catch((err: unknown) => this.onFailure(err, batch.length));
    }
    return this.writing;
  }
}
