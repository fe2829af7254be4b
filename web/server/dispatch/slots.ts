/**
 * A counting semaphore for the dispatcher's pass: `acquire` resolves when a slot is free,
 * `release` hands the slot to the longest waiter. Kept apart from run-once.ts because it is
 * plain concurrency, with nothing of invitations in it.
 */

/**
 * Messages rendered and handed to the transport but not answered yet, over the whole pass.
 * Rendering is synchronous work; rendering a whole batch at once held the event loop for
 * tens of milliseconds while every SMTP connection waited for it. With a few messages
 * ahead of the connections, each answer lets one more be rendered, between answers.
 */
export const sendAhead = (connections: number) => Math.max(20, 4 * connections);

export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  acquire(): Promise<void> | void {
    if (this.free > 0) {
      this.free--;
      return;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
