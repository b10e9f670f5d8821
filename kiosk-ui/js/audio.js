// Audio cues by Web Audio beeps (no files): a high beep for success, two low ones for "see staff".
let ctx;
function beep(freq, at, dur) {
  ctx ??= new AudioContext();
  const o = ctx.createOscillator();
  const g = ctx.createGain();
  o.frequency.value = freq;
  g.gain.value = 0.15;
  o.connect(g).connect(ctx.destination);
  o.start(ctx.currentTime + at);
  o.stop(ctx.currentTime + at + dur);
}
export function cue(kind) {
  try {
    if (kind === 'ok') beep(880, 0, 0.12);
    else if (kind === 'bad') {
      beep(300, 0, 0.15);
      beep(300, 0.22, 0.15);
    }
  } catch {
    // No audio device: the icon and text still carry the result.
  }
}
