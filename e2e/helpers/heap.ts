/**
 * Heap figures of the page and of the analysis worker over CDP (`Runtime.getHeapUsage`, after a
 * forced `HeapProfiler.collectGarbage`). The worker is reached through a second, non-flattened
 * auto-attach session on the page, so Playwright's own sessions are left alone.
 */
import { readFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';

/** One sample: bytes of used JS heap and of ArrayBuffer backing stores (WASM memory included). */
export interface HeapSample {
  page: { used: number; backing: number };
  worker: { used: number; backing: number };
  /** Resident set size of all renderer processes together, bytes (Linux only; 0 elsewhere). */
  rendererRss: number;
}

interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize?: number;
}

export class HeapProbe {
  private nextId = 1;
  private readonly replies = new Map<number, (result: unknown) => void>();
  private workerSession: string | null = null;

  private constructor(
    private readonly page: Page,
    private readonly session: CDPSession,
  ) {}

  static async attach(page: Page): Promise<HeapProbe> {
    const session = await page.context().newCDPSession(page);
    const probe = new HeapProbe(page, session);
    session.on('Target.attachedToTarget', (event) => {
      if (event.targetInfo.type === 'worker' && event.targetInfo.url.includes('liveness.worker')) probe.workerSession = event.sessionId;
    });
    session.on('Target.detachedFromTarget', (event) => {
      if (event.sessionId === probe.workerSession) probe.workerSession = null;
    });
    session.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: unknown };
      if (message.id !== undefined) probe.replies.get(message.id)?.(message.result);
    });
    await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return probe;
  }

  private inWorker<T>(method: string): Promise<T> {
    const sessionId = this.workerSession;
    if (!sessionId) return Promise.reject(new Error('the analysis worker is not attached'));
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.replies.set(id, (result) => {
        this.replies.delete(id);
        resolve(result as T);
      });
      void this.session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  }

  /** Collect garbage in the page and the worker, then read both heaps. */
  async sample(): Promise<HeapSample> {
    await this.session.send('HeapProfiler.collectGarbage');
    await this.inWorker('HeapProfiler.collectGarbage');
    const page = (await this.session.send('Runtime.getHeapUsage')) as HeapUsage;
    const worker = await this.inWorker<HeapUsage>('Runtime.getHeapUsage');
    return {
      page: { used: page.usedSize, backing: page.backingStorageSize ?? 0 },
      worker: { used: worker.usedSize, backing: worker.backingStorageSize ?? 0 },
      rendererRss: await this.rendererRss(),
    };
  }

  private async rendererRss(): Promise<number> {
    const browser = this.page.context().browser();
    if (!browser || process.platform !== 'linux') return 0;
    const session = await browser.newBrowserCDPSession();
    try {
      const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
      let total = 0;
      for (const { type, id } of processInfo) {
        if (type !== 'renderer') continue;
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, 'utf8'));
        total += match ? Number(match[1]) * 1024 : 0;
      }
      return total;
    } catch {
      return 0;
    } finally {
      await session.detach();
    }
  }
}

/** Bytes as MiB with one decimal. */
export function mib(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}
