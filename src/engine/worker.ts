/**
 * Watching a started analysis worker from the main thread: its comlink handle, and a promise that
 * settles with a fatal failure when it dies (an `error` event, an unreadable message, or the release
 * of the Web Lock it holds for as long as it lives).
 */
import { releaseProxy, wrap, type Remote } from 'comlink';
import { errorInfo } from '../errors/index.js';
import type { CallFailure, WorkerService } from '../protocol/index.js';
import { newRequestId } from '../scoring/envelope.js';
import type { WorkerLike } from './start-worker.js';

/** A started worker with its comlink handle. */
export interface WorkerHandle {
  worker: WorkerLike;
  api: Remote<WorkerService>;
  /** Settles with a fatal INFERENCE_ERROR failure when the worker dies. */
  died: Promise<CallFailure>;
  /**
   * Calls `listener` with that failure when the worker dies (at once if it has died already); returns
   * the function that stops listening. For one call's wait: nothing stays attached once it is over.
   */
  onDeath(listener: (failure: CallFailure) => void): () => void;
  /** Name of the Web Lock the worker holds for as long as it lives. */
  lifeline: string;
  /** Start watching the lifeline (once the worker holds it): its release means the worker ended. */
  watch(): void;
  /** Set once the worker has been stopped or replaced. */
  retired: boolean;
}

/** The Web Locks API, where the browser offers it (secure contexts). */
function lockManager(): LockManager | undefined {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;
}

/** Wrap a started worker: comlink handle, death watch, lifeline name. */
export function connect(worker: WorkerLike): WorkerHandle {
  let death: CallFailure | null = null;
  let settle: (failure: CallFailure) => void = () => {};
  const died = new Promise<CallFailure>((resolve) => (settle = resolve));
  const listeners = new Set<(failure: CallFailure) => void>();
  const fail = (message: string): void => {
    if (death) return;
    death = { ok: false, fatal: true, error: errorInfo('INFERENCE_ERROR', `The analysis worker stopped unexpectedly (${message}); retry.`) };
    settle(death);
    for (const listener of listeners) listener(death);
    listeners.clear();
  };
  worker.addEventListener('error', (event) => fail(event.message || 'worker error'));
  worker.addEventListener('messageerror', () => fail('a message could not be read'));
  // A worker that closes or is killed fires no event at all; the lock it holds is released then.
  const handle: WorkerHandle = {
    worker,
    api: wrap<WorkerService>(worker),
    died,
    onDeath(listener) {
      if (death) {
        listener(death);
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lifeline: `selfie-liveness-worker-${newRequestId()}`,
    watch() {
      lockManager()
        ?.request(handle.lifeline, () => fail(handle.retired ? 'the engine stopped it' : 'it ended'))
        .catch(() => {});
    },
    retired: false,
  };
  return handle;
}

/** End a worker at once and release its comlink handle. */
export function stop(handle: WorkerHandle): void {
  handle.retired = true;
  handle.api[releaseProxy]();
  handle.worker.terminate();
}
