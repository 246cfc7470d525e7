import type { Writable } from 'node:stream';
import { tooManyRequests, unavailable } from './problem';

export interface StreamLimits {
  /** Open streams of one caller (token subject) in this process. */
  streamsPerCaller: number;
  /** Open streams of every caller in this process. */
  streamsTotal: number;
  /** Bytes a stream may hold unread before its reader counts as stalled. */
  bufferBytes: number;
}

/** A caller's stream slot frees when one of its streams closes: nothing tells when, so a fixed pause. */
const CALLER_RETRY_AFTER_S = 30;
const TOTAL_RETRY_AFTER_S = 10;
/** setTimeout's longest delay; a later expiry ends the stream early and the client reconnects. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Counts open streams per caller and in total. `admit` answers with the function that gives the slot
 * back, or throws the refusal: 429 when this caller is over its own cap, 503 when the process is full
 * (one caller over its share, versus the whole service at capacity).
 */
export function streamSlots({ streamsPerCaller, streamsTotal }: Omit<StreamLimits, 'bufferBytes'>) {
  const perCaller = new Map<string, number>();
  let total = 0;
  return {
    admit(subject: string): () => void {
      const mine = perCaller.get(subject) ?? 0;
      if (mine >= streamsPerCaller)
        throw tooManyRequests(
          `this caller already has ${mine} live streams open, the limit (LIVE_STREAMS_PER_CALLER) is ${streamsPerCaller}; close one first`,
          CALLER_RETRY_AFTER_S,
          { limit: 'LIVE_STREAMS_PER_CALLER', max: streamsPerCaller },
        );
      if (total >= streamsTotal)
        throw unavailable(
          `this API process serves its limit of ${streamsTotal} live streams (LIVE_STREAMS_TOTAL); connect again later`,
          TOTAL_RETRY_AFTER_S,
          { limit: 'LIVE_STREAMS_TOTAL', max: streamsTotal },
        );
      perCaller.set(subject, mine + 1);
      total += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= 1;
        const left = (perCaller.get(subject) ?? 1) - 1;
        if (left > 0) perCaller.set(subject, left);
        else perCaller.delete(subject);
      };
    },
    get open() {
      return total;
    },
  };
}

/**
 * Writes to a stream whose reader may have stopped reading. Past `bufferBytes` queued in this process
 * (the kernel's socket buffers are already full by then) the stream is destroyed, not ended: an end
 * would queue behind the unread bytes and keep them in memory. Answers whether the stream is still open.
 */
export function writeOrDrop(stream: Writable, chunk: string, bufferBytes: number): boolean {
  if (stream.destroyed || stream.writableEnded) return false;
  stream.write(chunk);
  if (stream.writableLength <= bufferBytes) return true;
  stream.destroy();
  return false;
}

/** Calls `expire` when the token expires (at once if it has); answers the function that cancels it. */
export function atExpiry(expiresAt: number | undefined, expire: () => void): () => void {
  if (expiresAt === undefined) return () => undefined;
  const timer = setTimeout(expire, Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS));
  return () => clearTimeout(timer);
}
