/**
 * Visitor counting from two photocells: beam A outside, B inside. A passage is both beams broken within
 * `maxGapMs`; the order gives the direction (A first = in). After a count, both beams must clear before the next
 * passage, so one person standing in the beams counts once. Nothing about the person is seen or kept.
 */
export type Direction = 'in' | 'out';

export class VisitorCounter {
  private broken = { a: false, b: false };
  private first: { beam: 'a' | 'b'; at: number } | undefined;
  private counted = false;

  constructor(
    private readonly maxGapMs: number,
    private readonly onVisitor: (direction: Direction, at: number) => void,
  ) {}

  /** A debounced beam change: `broken` true when the beam is interrupted. */
  beam(which: 'a' | 'b', broken: boolean, at: number): void {
    if (this.broken[which] === broken) return;
    this.broken[which] = broken;
    if (!broken) {
      if (!this.broken.a && !this.broken.b && this.counted) {
        this.counted = false;
        this.first = undefined;
      }
      return;
    }
    if (this.counted) return;
    const other = which === 'a' ? 'b' : 'a';
    if (this.first && this.first.beam === other && at - this.first.at <= this.maxGapMs) {
      this.counted = true;
      this.onVisitor(this.first.beam === 'a' ? 'in' : 'out', at);
      return;
    }
    // First beam of a new passage (or the old one timed out: someone looked in and turned back).
    this.first = { beam: which, at };
  }
}
