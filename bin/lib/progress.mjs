/**
 * Progress on stderr: a redrawn bar with rate and ETA on a terminal, a plain line every ~5 %
 * otherwise (logs, CI).
 * @module
 */

const BAR_WIDTH = 28;
/** Least time between two redraws of the bar. */
const REDRAW_MS = 100;
/** Share of the work between two plain lines. */
const LINE_STEP = 0.05;

/** @param {number} seconds */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** Progress of `total` items on a stream. */
export class Progress {
  /**
   * @param {number} total
   * @param {{ stream?: NodeJS.WriteStream, enabled?: boolean, label?: string }} [options]
   */
  constructor(total, options = {}) {
    this.total = total;
    this.stream = options.stream ?? process.stderr;
    this.enabled = options.enabled ?? true;
    this.label = options.label ?? '';
    this.tty = Boolean(this.stream.isTTY);
    this.started = performance.now();
    this.lastDraw = 0;
    this.lastStep = -1;
  }

  /** @param {number} done  items finished so far */
  line(done) {
    const elapsed = (performance.now() - this.started) / 1000;
    const share = this.total > 0 ? done / this.total : 1;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (this.total - done) / rate : Number.POSITIVE_INFINITY;
    const percent = `${Math.floor(share * 100)}%`.padStart(4);
    return { share, text: `${done}/${this.total} ${percent}  ${rate.toFixed(1)} img/s  elapsed ${formatDuration(elapsed)}  ETA ${formatDuration(eta)}` };
  }

  /** @param {number} done */
  update(done) {
    if (!this.enabled) return;
    const { share, text } = this.line(done);
    if (this.tty) {
      const now = performance.now();
      if (now - this.lastDraw < REDRAW_MS && done < this.total) return;
      this.lastDraw = now;
      const filled = Math.round(share * BAR_WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      this.stream.write(`\r\x1b[2K${this.label}${bar} ${text}`);
    } else {
      const step = Math.floor(share / LINE_STEP + 1e-9);
      if (step === this.lastStep) return;
      this.lastStep = step;
      this.stream.write(`${this.label}${text}\n`);
    }
  }

  /** Ends the bar's line on a terminal. */
  done() {
    if (this.enabled && this.tty) this.stream.write('\n');
  }
}
